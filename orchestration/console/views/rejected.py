"""Rejected rows: what staging set aside or repaired, and why."""

from __future__ import annotations

import streamlit as st

from orchestration.console import data
from orchestration.console.common import source

src = source()
st.title("Rejected rows")
summary = data.rejected_summary(src)
if summary.empty:
    st.success("Staging set aside no raw rows.")
    st.stop()
st.metric("Rows set aside or repaired", f"{int(summary['rows'].sum()):,}")
st.dataframe(summary, hide_index=True)
tables = sorted(summary["source_table"].unique())
choice = st.selectbox("Table", ["all tables", *tables], key="rejected_table")
table = None if choice == "all tables" else choice
rows = data.rejected_rows(src, table)
st.caption(f"The first {len(rows):,} rows" + (f" of {choice}" if table else "") + ", by reason.")
st.dataframe(rows, hide_index=True)
