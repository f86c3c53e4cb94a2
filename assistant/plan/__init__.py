"""Stage 3: what a question asks, decided once. `make_plan` reads a question (and the conversation before it)
into a typed `QuestionPlan`: planner.py puts together the names it uses (names.py), its intent (intents.py)
and what a follow-up inherits (follow_up.py)."""

from assistant.plan.model import Intent, Offered, QuestionPlan, Turn

__all__ = ["Intent", "Offered", "QuestionPlan", "Turn"]
