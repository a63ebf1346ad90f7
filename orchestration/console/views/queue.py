"""My queue: the at-risk accounts to call first, per owner, with the playbook for each."""

from __future__ import annotations

import streamlit as st

from orchestration.console import data
from orchestration.console.common import money, source

src = source()
st.title("My queue")
choice = st.selectbox("Owner", ["everyone", *data.owners(src)], key="owner")
owner = None if choice == "everyone" else choice
rows = data.queue(src, owner)
cols = st.columns(2)
cols[0].metric("Accounts in the queue", f"{len(rows):,}")
cols[1].metric("ARR at risk", money(rows["arr_at_risk"].sum() if len(rows) else 0))
if rows.empty:
    st.info("No account below the at-risk threshold" + (f" for {owner}." if owner else "."))
    st.stop()
top = rows.iloc[0]
st.markdown(f"**Call first: {top['account_id']}** ({top['account_name']}), {money(top['arr_at_risk'])} ARR at "
            f"risk, score {top['health_score']:.1f} ({top['band']}), renewal in {top['days_to_renewal']} days: "
            f"act on {top['focus_component']} with *{top['playbook']}*.")
table = rows.drop(columns=["playbook_actions"]).assign(
    arr_at_risk=rows["arr_at_risk"].round(0), renewal_date=rows["renewal_date"].dt.date)
st.dataframe(table, hide_index=True, column_config={
    "queue_rank": st.column_config.NumberColumn("#"),
    "account_id": "account", "account_name": "name", "csm_owner": "owner",
    "arr_at_risk": st.column_config.NumberColumn("ARR at risk", format="localized"),
    "health_score": st.column_config.NumberColumn("score", format="%.2f"),
    "days_to_renewal": st.column_config.NumberColumn("renewal in (days)"),
    "renewal_date": "renewal date",
    "urgency": st.column_config.NumberColumn(format="%.2f"),
    "focus_component": "act on", "cap_reason": "cap reason",
})
st.subheader("Playbooks")
for playbook, group in rows.groupby("playbook", sort=False, dropna=False):
    with st.expander(f"{playbook} ({len(group)} accounts: {', '.join(group['account_id'].head(8))}"
                     + (", ..." if len(group) > 8 else "") + ")"):
        st.write(group["playbook_actions"].iloc[0] or "No steps recorded for this playbook.")
