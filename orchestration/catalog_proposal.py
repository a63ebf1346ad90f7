"""A proposed event catalog (seeds/event_catalog.csv's format) from event names and volumes.

Names the current catalog knows keep their catalog row. Every other name gets a proposal from
the rules below, applied in this order to the words of its name (split at `_`, `-`, `.`,
spaces and camelCase; `log_in`, `sign_in`, ... read as one word; a word matches in any of its
usual forms: view, views, viewed, viewing):

1. housekeeping  -> neither, feature `platform`: signing in or out, passwords, sessions,
   settings and preferences, pings and heartbeats (login, settings_changed, api_ping);
2. undoing       -> neither: cancelling, deleting, removing, archiving, disconnecting, failing,
   losing (delete_contact, deal_lost, integration_disconnected);
3. outcome       -> value event: a word that says value was delivered: won, delivered, shared,
   connected, achieved, completed, closed, published, converted, signed, accepted, approved,
   paid (opportunity_won, report_delivered, integration_connected);
4. work verb     -> core action: reading, viewing, searching, creating, adding, editing,
   updating, commenting, importing, exporting, running, sending, emailing, calling, logging,
   scheduling, assigning, ... (create_opportunity, email_lead, dashboard_viewed);
5. no rule matched: volume decides. A name used by at least a quarter of the accounts that
   have product events is routine work -> core action; a rarer one -> neither (activity only).

The feature is the name's noun: its words without the verbs and outcome words of the rules
(and without the, a, of, ...), singular (create_opportunity -> opportunity, contacts_imported
-> contact); a name that is only a verb is its own feature (search -> search).
Every proposed row's description says which rule proposed it, and the event's volume.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The rules' words, in their base form (see _forms for the forms that match them).
HOUSEKEEPING = frozenset({
    "login", "logout", "signin", "signout", "signup", "auth", "authenticate", "authentication",
    "authorize", "password", "sso", "mfa", "otp", "2fa", "session", "token", "setting",
    "settings", "preference", "preferences", "ping", "heartbeat", "healthcheck", "keepalive",
})
UNDOING = frozenset({
    "cancel", "delete", "remove", "archive", "unsubscribe", "disconnect", "revoke",
    "deactivate", "disable", "uninstall", "downgrade", "lose", "lost", "fail", "error",
    "bounce", "reject", "decline", "expire", "undo", "discard",
})
OUTCOME = frozenset({
    "win", "deliver", "share", "connect", "achieve", "complete", "close", "publish", "convert",
    "sign", "accept", "approve", "pay",
})
WORK = frozenset({
    "view", "open", "read", "search", "query", "browse", "look", "run", "create", "add", "edit",
    "update", "change", "modify", "write", "draft", "comment", "reply", "mention", "import",
    "export", "upload", "download", "attach", "assign", "move", "schedule", "log", "call",
    "email", "message", "send", "note", "tag", "build", "configure", "filter", "sort", "print",
    "save", "copy", "invite", "merge", "review", "track", "record", "enter", "submit", "plan",
    "process", "analyze", "analyse", "calculate", "generate", "visit", "play", "use", "start", "set",
})
# Work verbs that are as often the thing worked on (comment_added: the feature is comment).
NOUNS_TOO = frozenset({
    "record", "comment", "export", "import", "query", "log", "call", "email", "message", "note",
    "tag", "plan", "process", "review", "search", "copy", "filter", "print", "upload", "download",
    "change", "draft", "reply", "schedule", "track", "start", "use", "visit", "play", "share",
})
STOPWORDS = frozenset({"a", "an", "the", "of", "to", "for", "in", "on", "by", "with", "new", "and", "or"})
IRREGULAR = {"ran": "run", "won": "win", "sent": "send", "built": "build", "wrote": "write",
             "written": "write", "paid": "pay", "made": "make", "saw": "see", "seen": "see",
             "read": "read", "lost": "lose", "began": "begin", "begun": "begin"}
JOINED = {("log", "in"): "login", ("log", "out"): "logout", ("sign", "in"): "signin",
          ("sign", "out"): "signout", ("sign", "up"): "signup", ("health", "check"): "healthcheck",
          ("keep", "alive"): "keepalive"}
BROAD_USE_SHARE = 0.25


@dataclass(frozen=True)
class CatalogRow:
    event_name: str
    feature: str
    is_core_action: bool
    is_value_event: bool
    description: str
    rule: str  # catalog, housekeeping, undoing, outcome, work, broad_use or rare_use


def words(name: str) -> list[str]:
    """The words of an event name, lowercase, with log_in & co. joined into one word."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    parts = [p for p in re.split(r"[^a-zA-Z0-9]+", spaced.lower()) if p]
    joined: list[str] = []
    for part in parts:
        if joined and (joined[-1], part) in JOINED:
            joined[-1] = JOINED[(joined[-1], part)]
        else:
            joined.append(part)
    return joined


def _forms(word: str) -> set[str]:
    """The base forms a word may stand for: viewed -> view, shared -> share, logged -> log,
    running -> run, queries -> query, won -> win."""
    forms = {word}
    if word in IRREGULAR:
        forms.add(IRREGULAR[word])
    for suffix in ("ed", "ing"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            forms |= {stem, stem + "e"}
            if len(stem) > 2 and stem[-1] == stem[-2]:
                forms.add(stem[:-1])  # logged -> log, shipped -> ship
    if word.endswith("ies") and len(word) > 4:
        forms.add(word[:-3] + "y")
    elif word.endswith("es") and len(word) > 3:
        forms |= {word[:-2], word[:-1]}
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        forms.add(word[:-1])
    return forms


def _inflected(word: str) -> bool:
    return word in IRREGULAR or word.endswith(("ed", "ing"))


def _match(name_words: list[str], vocabulary: frozenset[str]) -> str | None:
    """The word of the name that stands for a word of the vocabulary: an inflected one first
    (record_updated: updated), then one that is not also a common noun (query_run: run), then
    the first (email_lead: email)."""
    found = [w for w in name_words if _forms(w) & vocabulary]
    for preferred in ([w for w in found if _inflected(w)], [w for w in found if w not in NOUNS_TOO], found):
        if preferred:
            return preferred[0]
    return None


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "ics")) and len(word) > 3:
        return word[:-1]
    return word


def feature_of(name: str, verb: str | None = None) -> str:
    """The name's noun: its words without `verb` (the word a rule matched), stopwords and
    inflected verbs of the rules (deal_closed_lost: deal), singular, joined by '_'; the verb's
    base form when nothing else is left (search -> search)."""
    vocabulary = HOUSEKEEPING | UNDOING | OUTCOME | WORK
    name_words = words(name)
    nouns = [_singular(w) for w in name_words
             if w != verb and w not in STOPWORDS and not (_inflected(w) and _forms(w) & vocabulary)]
    if nouns:
        return "_".join(nouns)
    if verb:
        return min(_forms(verb) & vocabulary, default=verb)
    return "_".join(name_words) or name


def _volume(rows: int, accounts: int, accounts_total: int) -> str:
    share = accounts / accounts_total if accounts_total else 0.0
    return f"{rows:,} rows from {accounts:,} of {accounts_total:,} accounts ({share:.0%})"


def propose_row(name: str, rows: int, accounts: int, accounts_total: int) -> CatalogRow:
    """The proposal for one name the catalog does not know (see the module's rules)."""
    name_words = words(name)
    volume = _volume(rows, accounts, accounts_total)
    if word := _match(name_words, HOUSEKEEPING):
        return CatalogRow(name, "platform", False, False,
                          f"Proposed neither: '{word}' is sign-in, settings or health-check "
                          f"housekeeping, activity but not work; {volume}", "housekeeping")
    if word := _match(name_words, UNDOING):
        return CatalogRow(name, feature_of(name, word), False, False,
                          f"Proposed neither: '{word}' undoes, ends or fails something; {volume}",
                          "undoing")
    if word := _match(name_words, OUTCOME):
        return CatalogRow(name, feature_of(name, word), False, True,
                          f"Proposed value event: '{word}' says value was delivered (an outcome); {volume}",
                          "outcome")
    if word := _match(name_words, WORK):
        return CatalogRow(name, feature_of(name, word), True, False,
                          f"Proposed core action: '{word}' is a work verb (reading, creating or "
                          f"editing work); {volume}", "work")
    share = accounts / accounts_total if accounts_total else 0.0
    feature = feature_of(name)
    if share >= BROAD_USE_SHARE:
        return CatalogRow(name, feature, True, False,
                          f"Proposed core action: no word rule matched, and it is in routine use "
                          f"(at least {BROAD_USE_SHARE:.0%} of accounts); {volume}", "broad_use")
    return CatalogRow(name, feature, False, False,
                      f"Proposed neither: no word rule matched, and it is rare (fewer than "
                      f"{BROAD_USE_SHARE:.0%} of accounts); {volume}", "rare_use")


def propose_catalog(
    catalog: list[dict[str, str]], seen: list[tuple[str, int, int]], accounts_total: int
) -> list[CatalogRow]:
    """The proposed catalog: every current catalog row as it is (in its order), then a
    proposal for each name seen in the data (name, rows, accounts) that the catalog lacks,
    most rows first. `accounts_total`: accounts with any product event."""
    known = {row["event_name"] for row in catalog}
    out = [CatalogRow(row["event_name"], row["feature"], _true(row["is_core_action"]),
                      _true(row["is_value_event"]), row.get("description") or "", "catalog")
           for row in catalog]
    unknown = sorted((s for s in seen if s[0] not in known), key=lambda s: (-s[1], s[0]))
    out += [propose_row(name, rows, accounts, accounts_total) for name, rows, accounts in unknown]
    return out


def _true(value: str) -> bool:
    return str(value).strip().lower() in ("true", "t", "1", "yes")
