"""The app as served: Streamlit's pages plus the one route of our own (the login cookie).

`streamlit run sofs_app/asgi.py` (what `make run` does) serves it; `streamlit run
sofs_app/streamlit_app.py` still works, without a login that survives a restart.
"""

import streamlit as st

from sofs_app.login_cookie import routes

app = st.App("streamlit_app.py", routes=routes())
