"""Backtest: does the score predict churn? Churn by band, ROC AUC, per segment and subscore."""

from __future__ import annotations

import altair as alt
import streamlit as st

from orchestration.console import data
from orchestration.console.common import band_scale, source

src = source()
st.title("Backtest")
choice = st.selectbox("Segment", ["all", *data.segments(src)], key="backtest_segment")
head = data.backtest_headline(src, choice)
if head is None or head["observations"] == 0:
    st.info("No uncensored backtest observation yet: score a history longer than the horizon.")
    st.stop()
cols = st.columns(4)
cols[0].metric("ROC AUC of the score", "-" if head["auc"] != head["auc"] else f"{head['auc']:.3f}")
cols[1].metric("Top-decile lift", "-" if head["top_decile_lift"] != head["top_decile_lift"]
               else f"{head['top_decile_lift']:.1f}x")
cols[2].metric("Observations", f"{int(head['observations']):,}")
cols[3].metric("Churned within the horizon", f"{int(head['churned']):,}")
st.caption("Bands order churn " + ("monotonically." if head["bands_monotonic"] else "NOT monotonically."))
bands = data.backtest_bands(src, choice)
st.subheader("Churn by band")
st.dataframe(bands, hide_index=True, column_config={
    "churn_rate": st.column_config.NumberColumn("churn rate", format="percent"),
    "renewal_rate": st.column_config.NumberColumn("renewal rate", format="percent"),
})
st.altair_chart(alt.Chart(bands).mark_bar().encode(
    x=alt.X("band:N", sort=list(bands["band"]), title="band on the observation day"),
    y=alt.Y("churn_rate:Q", title="churned within the horizon", axis=alt.Axis(format="%")),
    color=alt.Color("band:N", scale=band_scale(), legend=None)), width="stretch")
st.subheader("ROC AUC per segment and per subscore")
st.dataframe(data.backtest_predictors(src), hide_index=True, column_config={
    "auc": st.column_config.NumberColumn("AUC", format="%.3f"),
    "top_decile_lift": st.column_config.NumberColumn("top-decile lift", format="%.2f"),
})
