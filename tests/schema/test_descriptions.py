"""Every type, field, argument, enum value and input field of the API says what it is: a
frontend developer reads the schema in GraphiQL, not the code behind it."""

from __future__ import annotations

from enum import StrEnum

import strawberry
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    specified_scalar_types,
)

from schema import build_schema
from schema.enums import described

SCHEMA = build_schema()._schema


def missing_descriptions(schema: GraphQLSchema) -> list[str]:
    """Each part of the schema without a description, by path (`Type.field(argument)`,
    `Enum.VALUE`); the introspection types and GraphQL's own scalars are not ours."""
    missing: list[str] = []

    def check(path: str, description: str | None) -> None:
        if not (description or "").strip():
            missing.append(path)

    for name, kind in sorted(schema.type_map.items()):
        if name.startswith("__") or name in specified_scalar_types:
            continue
        check(name, kind.description)
        if isinstance(kind, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in kind.fields.items():
                check(f"{name}.{field_name}", field.description)
                for arg_name, arg in field.args.items():
                    check(f"{name}.{field_name}({arg_name})", arg.description)
        elif isinstance(kind, GraphQLInputObjectType):
            for field_name, input_field in kind.fields.items():
                check(f"{name}.{field_name}", input_field.description)
        elif isinstance(kind, GraphQLEnumType):
            for value_name, value in kind.values.items():
                check(f"{name}.{value_name}", value.description)
    return missing


def test_every_part_of_the_schema_has_a_description() -> None:
    missing = missing_descriptions(SCHEMA)
    assert missing == [], f"{len(missing)} without a description:\n" + "\n".join(missing)


class Shade(StrEnum):
    DARK = "DARK"
    LIGHT = "LIGHT"


described(Shade, "A shade.", {Shade.DARK: "Little light."})


@strawberry.input(description="A filter.")
class Filter:
    shade: Shade | None = None


@strawberry.type
class HalfDescribed:
    @strawberry.field(description="Hello.")
    def hello(self, name: str, where: Filter | None = None) -> Shade:
        return Shade.DARK


def test_the_check_names_what_it_finds_undescribed() -> None:
    schema = strawberry.Schema(query=HalfDescribed)._schema
    assert missing_descriptions(schema) == [
        "Filter.shade", "HalfDescribed", "HalfDescribed.hello(name)",
        "HalfDescribed.hello(where)", "Shade.LIGHT"]


def test_each_enum_holds_exactly_the_values_of_the_python_enum_it_wraps() -> None:
    """A GraphQL enum and the graph's StrEnum behind it are one class: a value added to
    the graph reaches the API (and the test above asks for its description)."""
    for name, kind in SCHEMA.type_map.items():
        if isinstance(kind, GraphQLEnumType) and not name.startswith("__"):
            wrapped = kind.wrapped_cls  # type: ignore[attr-defined]
            assert {v.value for v in kind.values.values()} == {m.value for m in wrapped}, name
