"""The HTML report: one self-contained page that explains a conflict and its analysis to a reader.

:func:`render_report` turns a :class:`~standoff.analyses.report.Report`
(gathered from the analyses by :func:`standoff.analyses.report.gather`) into
a single HTML document with its stylesheet, its small script and the state
graph inline: it opens from disk with no network. One module per section:
the model in words (:mod:`.model`), the state graph (:mod:`.graph`), the
stability table (:mod:`.stability`), why the status quo and each
equilibrium are (or are not) stable (:mod:`.why`), where the conflict can
go from the status quo (:mod:`.evolution`) and the observed history
(:mod:`.history`); :mod:`.page` puts them together. A section whose
analysis was not gathered is left out.
"""

from standoff.outputs.report.page import render_report

__all__ = ["render_report"]
