"""News text into the graph: a pipeline of small stages, each a module with a documented input and output.

    read      bytes → Document (text, date, SHA-256; HTML stripped, encodings decoded)
    segment   text → Sentence spans and tokens
    known     the store's names, countries, regions → KnownNames
    mentions  text → Mention spans (store names, acronyms, name forms, titled persons, places, anaphors)
    resolve   mentions → Entity records with IRIs (new actors under kgr:), ambiguities
    dates     text + document date → TimeExpression values (EDTF)
    relations → Finding records (subject, relation, object, time, confidence, claimant, evidence);
              triggers reads each sentence's trigger templates for it
    events    → Event and Figure records
    pipeline  the stages wired together: Document → Extraction
    write     Extraction → one named graph per document, through kg.statements
    evaluate  Extraction against gold files → precision, recall, F1

The words each stage looks for (relation triggers, titles, name forms, hedges) are read
from the ontology (``ontology/lexicon.ttl``).
"""

from kg.ingest.pipeline import Extraction, extract, known_names, to_json
from kg.ingest.read import Document, read_document
from kg.ingest.write import ingest

__all__ = ["Document", "Extraction", "extract", "ingest", "known_names", "read_document", "to_json"]
