"""Forms for adding one thing after another, for a typist who does not wait for the page.

Three things lose words in a plain Streamlit form that is emptied after each save:

- A form whose key changes after a save (to start empty) is a new form: the browser swaps
  its boxes and whatever was typed into the old ones meanwhile is gone. These forms keep
  one key and are emptied by the browser itself the moment they are sent
  (``clear_on_submit``), so the next words go into the same, already empty box. (A form
  also stays put only when nothing above it comes and goes: see ``show_flash``.)
- A click starts a rerun, and a second click (a double click, or the next entry sent
  quickly) cuts the first rerun short, possibly before it saved; the browser does not send
  the first values again. So what is sent is taken into the session by the button's
  callback, which runs before anything else, and stays there until it is saved or refused.
- The browser empties the form even when the server then refuses what was sent; a refused
  submission is put back into the form, with the reason (in a form the browser sees as
  new: see ``adding_form``).

A double click sends the form a second time, emptied: that echo is dropped, so nothing is
saved twice and no "fill this in" follows a good save.

Usage, with every widget of the form keyed ``f"{key}:..."``::

    with adding_form(key):
        ...widgets...
        submit_button(key, label)
    if is_submitted(key):
        ...build the input from the widgets' values, save; on success ``added(key)``, then
        flash and rerun; on a domain error ``refused(key, message)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import streamlit as st

_QUEUE = "adding_queue:"  # submissions taken in, not yet saved or refused (oldest first)
_DEFAULTS = "adding_defaults:"  # each widget's value when it was first drawn: empty
_JUST_ADDED = "adding_just_added:"  # the last submission was saved: an empty one is an echo
_SHOWN_AGAIN = "adding_shown_again:"  # the server put values back into the browser's form
_PUT_BACK = "adding_put_back:"  # values to show again on the next run, and why
_ROUND = "adding_round:"  # how many submissions were refused: names the browser's form
# In a submission: the values, at the click, of widgets outside the form that belong to it
# (who answers, about what): they stay chosen from one entry to the next.
_OUTSIDE = "\0outside"


def _values(key: str) -> dict[str, Any]:
    prefix = f"{key}:"
    return {k: v for k, v in st.session_state.items()
            if isinstance(k, str) and k.startswith(prefix)}


def _defaults(key: str) -> dict[str, Any]:
    defaults: dict[str, Any] = st.session_state.setdefault(_DEFAULTS + key, {})
    return defaults


def _queue(key: str) -> list[dict[str, Any]]:
    queue: list[dict[str, Any]] = st.session_state.setdefault(_QUEUE + key, [])
    return queue


def _take_in(key: str, outside: tuple[str, ...] = ()) -> None:
    """The submit button's callback: runs first in the rerun the click started."""
    values: dict[str, Any] = _values(key)
    defaults = _defaults(key)
    empty = all(v == defaults.get(k, v) for k, v in values.items())
    queue = _queue(key)
    echo = empty and (bool(queue) or st.session_state.pop(_JUST_ADDED + key, False))
    if not echo:
        if outside:
            values[_OUTSIDE] = {name: st.session_state.get(name) for name in outside}
        queue.append(values)


def _show(key: str, values: dict[str, Any]) -> bool:
    """Set the form's widgets to ``values`` (before they are drawn in this run); whether
    any changed.

    Only the values that differ from the server's are set: a value set by the server
    replaces what the browser shows, and the browser has usually emptied the form already.
    """
    current = _values(key)
    changed = {k: v for k, v in values.items() if k != _OUTSIDE and current.get(k) != v}
    for name, value in changed.items():
        st.session_state[name] = value
    return bool(changed)


@contextmanager
def adding_form(key: str, *, enter_to_submit: bool = False) -> Iterator[None]:
    """A form that stays the same form from one entry to the next (see the module).

    With ``enter_to_submit``, Enter in a one-line field and Ctrl+Enter (⌘+Enter) in a text
    box send the form, as its button does: one entry after another with the keyboard alone.
    """
    put_back: tuple[dict[str, Any], str | None] | None = st.session_state.pop(
        _PUT_BACK + key, None)
    queue = _queue(key)
    if queue:
        # Taken in by a rerun that was cut short: the form holds and sends those values.
        if _show(key, queue[0]):
            st.session_state[_SHOWN_AGAIN + key] = True
    elif put_back is not None:
        # The server still holds the refused values, but the browser emptied its form.
        for name, value in put_back[0].items():
            if name != _OUTSIDE:
                st.session_state[name] = value
    if put_back is not None and put_back[1]:
        st.error(put_back[1], icon=":material/error:")
    # The browser keeps the emptied values of a sent form as the user's own edits, and a
    # value set by the server does not replace those: a refused submission shown again
    # would be sent empty a second time. So each refusal starts a new form in the browser;
    # its fields keep their keys (the same boxes), only their form is new.
    refusals = st.session_state.get(_ROUND + key, 0)
    form_key = f"{key}~{refusals}" if refusals else key
    with st.form(form_key, clear_on_submit=True, enter_to_submit=enter_to_submit):
        yield
    defaults = _defaults(key)
    for name, value in _values(key).items():
        defaults.setdefault(name, value)


def submit_button(key: str, label: str, *, outside: tuple[str, ...] = (), **kwargs: Any
                  ) -> None:
    """The form's button; ``outside`` names widgets drawn outside the form whose values at
    the click go with the submission (read them with ``outside_value``)."""
    st.form_submit_button(label, type="primary", on_click=_take_in, args=(key, outside),
                          **kwargs)


def outside_value(key: str, name: str) -> Any:
    """The value the widget ``name`` (outside the form) had when the waiting submission was
    sent: the user may have chosen another since, for the next entry."""
    queue = _queue(key)
    taken: dict[str, Any] = queue[0].get(_OUTSIDE, {}) if queue else {}
    return taken[name] if name in taken else st.session_state.get(name)


def is_submitted(key: str) -> bool:
    """Whether a submission waits to be saved; the form's widgets hold its values."""
    return bool(st.session_state.get(_QUEUE + key))


def added(key: str) -> None:
    """The waiting submission is saved (call before the rerun that shows it)."""
    queue = _queue(key)
    if queue:
        queue.pop(0)
    st.session_state[_JUST_ADDED + key] = True
    if st.session_state.pop(_SHOWN_AGAIN + key, False) and not queue:
        # The server had put the values back into the browser's form: empty it again.
        defaults = _defaults(key)
        st.session_state[_PUT_BACK + key] = (
            {k: v for k, v in defaults.items() if k in _values(key)}, None)


def refused(key: str, message: str) -> None:
    """The waiting submission is refused: show it again, with ``message``, after a rerun
    (the browser emptied the form when it was sent)."""
    queue = _queue(key)
    values = queue.pop(0) if queue else _values(key)
    st.session_state.pop(_JUST_ADDED + key, None)
    st.session_state.pop(_SHOWN_AGAIN + key, None)
    st.session_state[_PUT_BACK + key] = (values, message)
    st.session_state[_ROUND + key] = st.session_state.get(_ROUND + key, 0) + 1
    st.rerun()


def waiting_field_prefixes() -> tuple[str, ...]:
    """Key prefixes of the fields of forms whose submission waits to be saved: those forms
    show the waiting values themselves (``adding_form``), nobody else should set them."""
    return tuple(f"{k.removeprefix(_QUEUE)}:" for k, v in st.session_state.items()
                 if isinstance(k, str) and k.startswith(_QUEUE) and v)
