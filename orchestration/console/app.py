"""The CS console: portfolio, my queue, account, backtest and rejected rows, read from the
current BI publication only (HEALTH_PUBLISH_DIR, default warehouse/published).

Start it with `make console` (bound to 127.0.0.1) or
`streamlit run orchestration/console/app.py --server.address 127.0.0.1`.
"""

from __future__ import annotations

import streamlit as st

# Page files are named relative to this script, as Streamlit resolves them.
VIEWS = "views"

st.set_page_config(page_title="Account health", layout="wide")
pages = [
    st.Page(f"{VIEWS}/portfolio.py", title="Portfolio", default=True),  # served at /
    st.Page(f"{VIEWS}/queue.py", title="My queue", url_path="queue"),
    st.Page(f"{VIEWS}/account.py", title="Account", url_path="account"),
    st.Page(f"{VIEWS}/backtest.py", title="Backtest", url_path="backtest"),
    st.Page(f"{VIEWS}/rejected.py", title="Rejected rows", url_path="rejected"),
]
st.navigation(pages).run()
