"""The native model format: YAML (or the same structure in JSON) read into and written from a Conflict.

Reading has three steps, each reporting errors with the file, the place
(``decision_makers[1].preferences.prioritization[2]``) and the line
(:mod:`~standoff.io.native.lines`):

1. text → plain data (:mod:`~standoff.io.native.text`: PyYAML's composer
   keeps each node's line, which maps a place back to a line; JSON files get
   their lines the same way);
2. plain data → the schema classes (:mod:`~standoff.io.native.validation`
   and :mod:`~standoff.io.native.schema`: pydantic; their
   ``model_json_schema()`` is the published JSON Schema);
3. schema classes → the immutable :class:`~standoff.model.conflict.Conflict`
   (:mod:`~standoff.io.native.builder`: option order, owners, expressions, names).

:mod:`~standoff.io.native.writer` goes the other way. The format itself is
described in ``docs/reference/model-format.md``.
"""

from standoff.io.native.reader import from_data, locate, read_native, with_positions
from standoff.io.native.schema import ModelFile, json_schema, schema_text
from standoff.io.native.writer import dump_json, dump_yaml, to_data, write_atomically, write_json, write_yaml

__all__ = [
    "ModelFile",
    "dump_json",
    "dump_yaml",
    "from_data",
    "json_schema",
    "locate",
    "read_native",
    "schema_text",
    "to_data",
    "with_positions",
    "write_atomically",
    "write_json",
    "write_yaml",
]
