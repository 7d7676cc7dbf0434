"""Every page's script, written once: st.navigation registers these paths and
st.switch_page goes to them (relative to the entry script, sofs_app/streamlit_app.py)."""

from __future__ import annotations

LOGIN_PAGE = "views/login.py"
PASSWORD_PAGE = "views/password.py"  # noqa: S105 (a page, not a password)
LIST_PAGE = "views/case_list.py"
NEW_PAGE = "views/case_new.py"
EDIT_PAGE = "views/case_edit.py"
OVERVIEW_PAGE = "views/case_overview.py"
MEETINGS_PAGE = "views/meetings.py"
MAP_PAGE = "views/map.py"
SCALING_PAGE = "views/scaling.py"
CHILD_VOICE_PAGE = "views/child_voice.py"
WORDS_PICTURES_PAGE = "views/words_pictures.py"
GENOGRAM_PAGE = "views/genogram.py"
NETWORK_PAGE = "views/network.py"
PLAN_PAGE = "views/plan.py"
MEETING_VIEW_PAGE = "views/meeting_view.py"
ACCOUNTS_PAGE = "views/accounts.py"
AUDIT_PAGE = "views/audit.py"
TEAM_PAGE = "views/team.py"
REGISTRATION_PAGE = "views/registration.py"
FIGURES_PAGE = "views/figures.py"
