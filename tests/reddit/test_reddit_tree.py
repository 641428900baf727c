"""Comment pages read into flat comments, stubs and threads with true depths."""

from __future__ import annotations

from typing import Any

from trawl.reddit.tree import read_flat, read_forest, split_batch


def t1(id36: str, parent: str, replies: list[dict[str, Any]] | None = None) -> dict:
    listing = {"kind": "Listing", "data": {"children": replies}} if replies else ""
    data = {"id": id36, "name": f"t1_{id36}", "parent_id": parent, "depth": 99}
    return {"kind": "t1", "data": {**data, "replies": listing}}


def more(parent: str, depth: int, children: list[str]) -> dict:
    first = children[0] if children else "_"
    data = {"id": first, "parent_id": parent, "depth": depth, "children": children}
    return {"kind": "more", "data": {**data, "count": len(children)}}


def test_forest_depths_follow_the_parent_chain_and_replies_are_emptied() -> None:
    things = [
        t1("a", "t3_p", [t1("b", "t1_a", [t1("c", "t1_b")])]),
        t1("d", "t3_p"),
        more("t3_p", 0, ["e", "f"]),
    ]

    page = read_forest(things)

    assert [(c["id"], c["depth"]) for c in page.comments] == [
        ("a", 0),
        ("b", 1),
        ("c", 2),
        ("d", 0),
    ]
    assert all(c["replies"] == "" for c in page.comments)
    assert page.stubs == [["t3_p", 0, ["e", "f"], 0]]


def test_continue_this_thread_becomes_a_thread_at_its_depth() -> None:
    things = [t1("a", "t3_p", [more("t1_a", 1, [])])]

    page = read_forest(things)

    assert page.threads == [["a", 1]]
    assert page.stubs == []


def test_a_continued_thread_is_shifted_to_the_depth_of_its_anchor() -> None:
    # Reddit restarts depths at 0 on /comments/{post}/_/{parent}.
    things = [t1("x", "t1_w", [t1("y", "t1_x", [more("t1_y", 2, [])])])]

    page = read_forest(things, anchor=("x", 9))

    assert [(c["id"], c["depth"]) for c in page.comments] == [("x", 9), ("y", 10)]
    assert page.threads == [["y", 11]]


def test_flat_answer_takes_depths_from_the_stub_parents_then_from_itself() -> None:
    things = [
        t1("e", "t3_p"),
        t1("g", "t1_e"),
        t1("h", "t1_g"),
        more("t1_e", 5, ["i"]),
        t1("f", "t1_q"),
    ]

    page = read_flat(things, {"t3_p": 0, "t1_q": 4})

    depths = {c["id"]: c["depth"] for c in page.comments}
    assert depths == {"e": 0, "g": 1, "h": 2, "f": 4}
    assert page.stubs == [["t1_e", 1, ["i"], 0]]


def test_split_batch_takes_from_the_newest_stubs_and_keeps_the_rest() -> None:
    stubs = [["t3_p", 0, ["a", "b", "c"], 0], ["t1_x", 3, ["d", "e"], 1]]

    taken, left = split_batch(stubs, 3)

    assert taken == [["t1_x", 3, ["d", "e"], 1], ["t3_p", 0, ["a"], 0]]
    assert left == [["t3_p", 0, ["b", "c"], 0]]
    assert stubs[0][2] == ["a", "b", "c"]
