"""The index's vocabulary (typo tolerance, compound parts): the same words and counts however the index is
split into segments, and a small change re-reads only the segment it added."""

from whoosh import index
from whoosh.filedb.filestore import FileStorage

from kb.search import query as query_module
from kb.search.query import VOCABULARY_FIELDS, Vocabulary
from kb.search.schema import build_schema

DOCUMENTS = [
    {"key": "method:1", "title": "Aggressionsbehandling", "body": "behandling af vrede hos unge"},
    {"key": "method:2", "title": "Familieterapi", "summary": "terapi for familier", "body": "forældre og børn"},
    {"key": "method:3", "title": "Traumebehandling", "aliases": "TF-KAT", "body": "traumer hos børn og unge"},
    {"key": "method:4", "title": "Konfliktnedtrapning", "related": "Low Arousal", "body": "nedtrappe konflikter"},
]


def _write(ix, documents, merge=True):
    writer = ix.writer()
    for document in documents:
        writer.update_document(**document)
    writer.commit(merge=merge)


def _whole_reader_vocabulary(reader):
    """What the vocabulary must hold: each term's largest document count over the fields, as the whole
    index counts it (Whoosh's MultiReader sums the segments)."""
    documents, fuzzy = {}, set()
    for field in VOCABULARY_FIELDS:
        for raw, info in reader.iter_field(field):
            term = raw.decode("utf-8")
            documents[term] = max(documents.get(term, 0), info.doc_frequency())
            if field in query_module.FUZZY_FIELDS:
                fuzzy.add(term)
    return documents, fuzzy


def _index(tmp_path):
    return index.create_in(str(tmp_path), build_schema())


def test_a_vocabulary_over_several_segments_counts_as_the_whole_index(tmp_path):
    ix = _index(tmp_path)
    for document in DOCUMENTS:
        _write(ix, [document], merge=False)
    _write(ix, [{**DOCUMENTS[0], "body": "behandling og terapi for unge"}], merge=False)
    with ix.reader() as reader:
        assert len(reader.leaf_readers()) > 1
        documents, fuzzy = _whole_reader_vocabulary(reader)
        vocabulary = Vocabulary(reader)
    assert vocabulary.documents == documents
    assert {term for terms in vocabulary.by_letter.values() for term in terms} == fuzzy
    assert all(terms == sorted(terms) for terms in vocabulary.by_letter.values())


def test_a_small_change_reads_only_the_new_segment(tmp_path, monkeypatch):
    ix = _index(tmp_path)
    _write(ix, DOCUMENTS)
    with ix.reader() as reader:
        Vocabulary(reader)
    read = []
    original = query_module._segment_terms

    def counting(segment_reader):
        read.append(segment_reader.segment().segment_id())
        return original(segment_reader)

    monkeypatch.setattr(query_module, "_segment_terms", counting)
    _write(ix, [{"key": "method:5", "title": "Mentaliseringsbaseret terapi"}], merge=False)
    with ix.reader() as reader:
        vocabulary = Vocabulary(reader)
        segments = [leaf.segment().segment_id() for leaf, _offset in reader.leaf_readers()]
    assert len(segments) == 2
    assert read == segments[-1:]
    assert "mentaliseringsbaser" in vocabulary.documents or any(
        term.startswith("mentalis") for term in vocabulary.documents
    )


def test_the_segment_cache_stays_bounded(tmp_path):
    storage = FileStorage(str(tmp_path))
    ix = storage.create_index(build_schema())
    for number in range(query_module.SEGMENT_CACHE_SIZE + 5):
        _write(ix, [{"key": f"method:{number}", "title": f"metode nummer {number}"}], merge=False)
        with ix.reader() as reader:
            Vocabulary(reader)
    assert len(query_module._SEGMENT_TERMS) <= query_module.SEGMENT_CACHE_SIZE
