"""Portfolio: accounts and ARR per band on the latest day and over time, per segment."""

from __future__ import annotations

import altair as alt
import streamlit as st

from orchestration.console import data
from orchestration.console.common import band_scale, money, source

src = source()
st.title("Portfolio")
choice = st.selectbox("Segment", ["all segments", *data.segments(src)], key="segment")
segment = None if choice == "all segments" else choice
day = data.latest_day(src)
head = data.headline(src, segment)
st.caption(f"Latest scored day {day}.")
cols = st.columns(5)
cols[0].metric("Accounts", f"{head['accounts']:,}")
cols[1].metric("ARR", money(head["arr"]))
cols[2].metric("Mean score", f"{head['mean_score']:.1f}")
cols[3].metric("At-risk queue", f"{head['queue_size']:,}")
cols[4].metric("ARR at risk", money(head["arr_at_risk"]))

st.subheader(f"Bands on {day}")
bands = data.bands_on_latest_day(src, segment)
st.dataframe(bands, hide_index=True, column_config={
    "account_share": st.column_config.NumberColumn("share of accounts", format="percent"),
    "arr": st.column_config.NumberColumn("ARR", format="localized"),
    "arr_share": st.column_config.NumberColumn("share of ARR", format="percent"),
})

history = data.portfolio_history(src, segment)
st.subheader("Accounts per band over time")
st.altair_chart(alt.Chart(history).mark_area().encode(
    x=alt.X("score_date:T", title="day"), y=alt.Y("accounts:Q", title="accounts", stack=True),
    color=alt.Color("band:N", scale=band_scale()), tooltip=["score_date:T", "band:N", "accounts:Q"]),
    width="stretch")
st.subheader("ARR per band over time")
st.altair_chart(alt.Chart(history).mark_area().encode(
    x=alt.X("score_date:T", title="day"), y=alt.Y("arr:Q", title="ARR", stack=True),
    color=alt.Color("band:N", scale=band_scale()),
    tooltip=["score_date:T", "band:N", alt.Tooltip("arr:Q", format=",.0f")]),
    width="stretch")
