"""Signs of Safety domain: the case register now; maps, scaling and plans later."""
