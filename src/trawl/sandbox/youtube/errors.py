"""Error bodies shaped like the ones the YouTube Data API v3 sends.

Each builder returns an ``ApiError`` carrying the HTTP status and the JSON
body. Bodies follow the classic ``{"error": {"code", "message", "errors"}}``
shape; where the current API adds ``status`` (and ``details``) so do these.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

Body = dict[str, Any]

_QUOTA_LINK = '<a href="/youtube/v3/getting-started#quota">quota</a>'
_STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
}


class ApiError(Exception):
    """An API failure to be sent as an HTTP status and JSON body."""

    def __init__(self, status: int, body: Body) -> None:
        super().__init__(status, body["error"]["message"])
        self.status = status
        self.body = body

    @property
    def reason(self) -> str:
        """Return ``errors[0].reason`` of the body."""
        return str(self.body["error"]["errors"][0]["reason"])


def build(
    status: int,
    *,
    reason: str,
    domain: str,
    message: str,
    location: str | None = None,
    with_status: bool = True,
) -> ApiError:
    """Return an ``ApiError`` with one entry in ``errors``."""
    entry: Body = {"message": message, "domain": domain, "reason": reason}
    if location is not None:
        entry |= {"location": location, "locationType": "parameter"}
    error: Body = {"code": status, "message": message, "errors": [entry]}
    if with_status:
        error["status"] = _STATUS_NAMES.get(status, "UNKNOWN")
    return ApiError(status, {"error": error})


def from_template(template: Mapping[str, Any]) -> ApiError:
    """Return an ``ApiError`` sending a recorded body unchanged."""
    body = copy.deepcopy(dict(template))
    return ApiError(int(body["error"]["code"]), body)


def missing_key() -> ApiError:
    """Return the 403 for a request without ``key``."""
    return build(
        403,
        reason="forbidden",
        domain="global",
        message="The request is missing a valid API key.",
    )


def invalid_key() -> ApiError:
    """Return the current 400 for a key Google does not know."""
    error = build(
        400,
        reason="badRequest",
        domain="global",
        message="API key not valid. Please pass a valid API key.",
    )
    error.body["error"]["details"] = [
        {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "API_KEY_INVALID",
            "domain": "googleapis.com",
            "metadata": {"service": "youtube.googleapis.com"},
        }
    ]
    return error


def legacy_invalid_key() -> ApiError:
    """Return the pre-2020 400 ``keyInvalid`` body."""
    return build(
        400,
        reason="keyInvalid",
        domain="usageLimits",
        message="Bad Request",
        with_status=False,
    )


def access_not_configured() -> ApiError:
    """Return the 403 for a key whose project has the API turned off."""
    console = "https://console.developers.google.com/apis/api/youtube.googleapis.com/overview?project=0"
    message = (
        "YouTube Data API v3 has not been used in project 0 before or it is "
        f"disabled. Enable it by visiting {console} then retry."
    )
    error = build(
        403, reason="accessNotConfigured", domain="usageLimits", message=message
    )
    error.body["error"]["details"] = [
        {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "SERVICE_DISABLED",
            "domain": "googleapis.com",
            "metadata": {"service": "youtube.googleapis.com", "consumer": "projects/0"},
        }
    ]
    return error


def quota_exceeded() -> ApiError:
    """Return the 403 sent when the shared daily bucket is empty."""
    message = (
        f"The request cannot be completed because you have exceeded your {_QUOTA_LINK}."
    )
    return build(
        403,
        reason="quotaExceeded",
        domain="youtube.quota",
        message=message,
        with_status=False,
    )


def bucket_exhausted(metric: str, limit: int) -> ApiError:
    """Return the 429 sent when a per-method daily bucket is empty."""
    message = (
        f"Quota exceeded for quota metric '{metric}' and limit '{metric} per day' "
        "of service 'youtube.googleapis.com' for consumer 'project_number:0'."
    )
    error = build(429, reason="quotaExceeded", domain="youtube.quota", message=message)
    error.body["error"]["details"] = [
        {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "RATE_LIMIT_EXCEEDED",
            "domain": "googleapis.com",
            "metadata": {
                "service": "youtube.googleapis.com",
                "quota_metric": f"youtube.googleapis.com/{_snake(metric)}",
                "quota_limit": f"{metric.replace(' ', '')}PerDay",
                "quota_limit_value": str(limit),
                "consumer": "projects/0",
            },
        }
    ]
    return error


def _snake(metric: str) -> str:
    return metric.lower().replace(" ", "_")


def rate_limited() -> ApiError:
    """Return the short-term throttling 403."""
    return build(
        403,
        reason="rateLimitExceeded",
        domain="usageLimits",
        message="Rate Limit Exceeded",
        with_status=False,
    )


def backend_error(status: int) -> ApiError:
    """Return a transient 5xx ``backendError``."""
    message = (
        "Backend Error" if status == 500 else "The service is currently unavailable."
    )
    return build(status, reason="backendError", domain="global", message=message)


def not_found_method(path: str) -> ApiError:
    """Return the 404 for a path the API does not have."""
    return build(
        404, reason="notFound", domain="global", message=f"Method not found: {path}."
    )


def bad_value(name: str, value: str, low: int, high: int) -> ApiError:
    """Return the 400 for an integer parameter outside its range."""
    message = (
        f"Invalid value '{value}'. Values must be within the range: [{low}, {high}]"
    )
    return build(
        400,
        reason="invalidParameter",
        domain="global",
        message=message,
        location=name,
    )


def not_an_integer(name: str, value: str) -> ApiError:
    """Return the 400 for an integer parameter that does not parse."""
    return build(
        400,
        reason="invalidParameter",
        domain="global",
        message=f"Invalid value '{value}'. Value must be an integer.",
        location=name,
    )


def bad_enum(name: str, value: str) -> ApiError:
    """Return the 400 for a value outside a parameter's allowed set."""
    return build(
        400,
        reason="invalidParameter",
        domain="global",
        message=f"Invalid value '{value}' for parameter '{name}'.",
        location=name,
    )


def missing_part() -> ApiError:
    """Return the 400 for a request without ``part``."""
    return build(
        400,
        reason="required",
        domain="global",
        message="Required parameter: part",
        location="part",
    )


def unknown_part(part: str) -> ApiError:
    """Return the 400 for a ``part`` value the method does not have."""
    return build(
        400,
        reason="unknownPart",
        domain="youtube.part",
        message=f"'{part}'",
        location="part",
    )


def missing_filter(expected: str) -> ApiError:
    """Return the 400 for a list call with no (or more than one) filter."""
    message = f"No filter selected. Expected one of: {expected}"
    return build(
        400,
        reason="missingRequiredParameter",
        domain="youtube.parameter",
        message=message,
    )


def too_many_ids(limit: int) -> ApiError:
    """Return the 400 for an ``id`` list longer than the method allows."""
    message = (
        "The request specifies an invalid filter parameter: "
        f"at most {limit} ids are allowed in 'id'."
    )
    return build(
        400,
        reason="invalidFilters",
        domain="youtube.parameter",
        message=message,
        location="id",
    )


def invalid_page_token() -> ApiError:
    """Return the 400 for a ``pageToken`` the sandbox did not issue."""
    return build(
        400,
        reason="invalidPageToken",
        domain="youtube.parameter",
        message="The request specifies an invalid page token.",
        location="pageToken",
    )


def _doc_link(method: str, parameter: str) -> str:
    return (
        f'<code><a href="/youtube/v3/docs/{method}/list#{parameter}">'
        f"{parameter}</a></code>"
    )


def video_not_found() -> ApiError:
    """Return the commentThreads 404 for an unknown, private or deleted video."""
    link = _doc_link("commentThreads", "videoId")
    return build(
        404,
        reason="videoNotFound",
        domain="youtube.commentThread",
        message=f"The video identified by the {link} parameter could not be found.",
        location="videoId",
        with_status=False,
    )


def comments_disabled() -> ApiError:
    """Return the commentThreads 403 for a video with comments turned off."""
    link = _doc_link("commentThreads", "videoId")
    return build(
        403,
        reason="commentsDisabled",
        domain="youtube.commentThread",
        message=f"The video identified by the {link} parameter has disabled comments.",
        location="videoId",
        with_status=False,
    )


def channel_not_found() -> ApiError:
    """Return the commentThreads 404 for an unknown channel filter."""
    link = _doc_link("commentThreads", "allThreadsRelatedToChannelId")
    return build(
        404,
        reason="channelNotFound",
        domain="youtube.commentThread",
        message=f"The channel identified by the {link} parameter could not be found.",
        location="allThreadsRelatedToChannelId",
        with_status=False,
    )


def comment_not_found(parameter: str) -> ApiError:
    """Return the comments 404 for an unknown ``parentId``."""
    link = _doc_link("comments", parameter)
    return build(
        404,
        reason="commentNotFound",
        domain="youtube.comment",
        message=f"The comment identified by the {link} parameter could not be found.",
        location=parameter,
        with_status=False,
    )


def playlist_not_found() -> ApiError:
    """Return the playlistItems 404 for an unknown playlist."""
    link = _doc_link("playlistItems", "playlistId")
    return build(
        404,
        reason="playlistNotFound",
        domain="youtube.playlistItem",
        message=f"The playlist identified by the {link} parameter cannot be found.",
        location="playlistId",
        with_status=False,
    )


def playlist_not_accessible() -> ApiError:
    """Return the playlistItems 403 for a private playlist."""
    return build(
        403,
        reason="playlistItemsNotAccessible",
        domain="youtube.playlistItem",
        message=(
            "The request is not properly authorized to retrieve the specified playlist."
        ),
        location="id",
        with_status=False,
    )
