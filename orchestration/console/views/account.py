"""Account: score trend against the band edges, subscores, drivers, alerts and renewal."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from orchestration.console import data
from orchestration.console.common import band_scale, money, source

src = source()
st.title("Account")
choices = data.accounts(src)
ids = choices["account_id"].tolist()
labels = {r.account_id: f"{r.account_id} {r.account_name or ''}" + (f" (queue #{int(r.queue_rank)})"
          if pd.notna(r.queue_rank) else "") for r in choices.itertuples()}
wanted = st.query_params.get("account")
account_id = st.selectbox("Account", ids, index=ids.index(wanted) if wanted in ids else 0,
                          format_func=lambda a: labels[a], key="account")
current = data.account_current(src, account_id)
if current is None:
    st.warning(f"{account_id} is not active on the latest day.")
    st.stop()
st.header(f"{account_id} {current['account_name'] or ''}")
cols = st.columns(5)
cols[0].metric("Score", f"{current['health_score']:.2f}",
               None if pd.isna(current["change_7d"]) else f"{current['change_7d']:+.1f} in 7 days")
cols[1].metric("Band", current["band"])
cols[2].metric("ARR", money(current["arr"]))
cols[3].metric("Renewal", str(current["renewal_date"])[:10] if pd.notna(current["renewal_date"]) else "-",
               None if pd.isna(current["days_to_renewal"]) else f"in {int(current['days_to_renewal'])} days",
               delta_color="off", delta_arrow="off")
cols[4].metric("Owner", current["csm_owner"] or "-")
st.caption(f"Segment {current['segment']}; trend {current['direction']} (30-day slope {current['slope_30d']:+.2f} "
           f"points a day); in {current['band']} for {current['days_in_band']} days; primary driver "
           f"{current['primary_driver'] or '-'}" + (f"; capped: {current['cap_reason']}" if current["cap_reason"]
                                                     else "") + ".")

history = data.account_history(src, account_id)
edges = data.band_edges(src)
st.subheader("Score over time, against the band edges")
shading = alt.Chart(edges).mark_rect(opacity=0.12).encode(
    y=alt.Y("min_score:Q", title="health score", scale=alt.Scale(domain=[0, 100])), y2="max_score:Q",
    color=alt.Color("band:N", scale=band_scale(), legend=None))
rules = alt.Chart(edges[edges["min_score"] > 0]).mark_rule(strokeDash=[4, 4], color="#777").encode(y="min_score:Q")
line = alt.Chart(history).mark_line(color="#222").encode(
    x=alt.X("score_date:T", title="day"), y="health_score:Q", tooltip=["score_date:T", "health_score:Q", "band:N"])
st.altair_chart(shading + rules + line, width="stretch")
st.caption("Band edges: " + ", ".join(f"{r.band} from {r.min_score:g}" for r in edges.itertuples()) + ".")

st.subheader("Subscores and drivers (latest day)")
parts = data.account_components(src, account_id)
st.dataframe(parts, hide_index=True, column_config={
    "subscore": st.column_config.NumberColumn(format="%.1f"),
    "effective_weight": st.column_config.NumberColumn("effective weight", format="%.3f"),
    "contribution": st.column_config.NumberColumn("points added", format="%.2f"),
    "points_lost": st.column_config.NumberColumn("points lost", format="%.2f"),
})
st.altair_chart(alt.Chart(parts.dropna(subset=["points_lost"])).mark_bar().encode(
    x=alt.X("points_lost:Q", title="points lost (effective weight x (100 - subscore))"),
    y=alt.Y("component:N", sort="-x", title=None)), width="stretch")

st.subheader("Alerts")
alerts = data.account_alerts(src, account_id)
if alerts.empty:
    st.info("No alert for this account.")
else:
    st.dataframe(alerts, hide_index=True)
