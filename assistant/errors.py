"""Errors meant for the user: each carries one sentence that says what to do."""


class AssistantError(Exception):
    """Raised for conditions a user can fix; the CLI and API print only its message."""


class IndexMissingError(AssistantError):
    def __init__(self, index_dir: object) -> None:
        super().__init__(f"No index found in {index_dir}: run `assistant ingest` first to build it.")


class UnknownGuideError(AssistantError):
    def __init__(self, guide_id: str) -> None:
        super().__init__(f"No guide with id '{guide_id}': run `assistant guides list` to see the ids.")


class InvalidQuestionError(AssistantError):
    """A question that cannot be answered as typed: empty, too long, or not valid text."""


class OfferLetterError(AssistantError):
    """An offer letter that cannot be read: missing, of a kind not read, or with no text in it."""
