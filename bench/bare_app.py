"""A trivial Streamlit page: the baseline for start-up and rerun figures."""

import streamlit as st

st.title("bare")
