"""Imports a prepdrill Anki export into a fresh Anki collection with Anki's own backend.

Usage: import_check.py COLLECTION FILE
Prints one JSON line per note: guid, deck, front, back, tags, and the import's counts.
Exits 3 when the `anki` package is not installed, so the Rust test can skip.
"""

import json
import sys

try:
    from anki.collection import Collection, ImportCsvRequest
except ImportError:
    sys.exit(3)


def main() -> None:
    collection_path, text_path = sys.argv[1], sys.argv[2]
    col = Collection(collection_path)
    try:
        # Anki's defaults: the metadata Anki itself reads from the file, nothing chosen by hand.
        metadata = col.get_csv_metadata(path=text_path, delimiter=None)
        response = col.import_csv(ImportCsvRequest(path=text_path, metadata=metadata))
        log = response.log
        counts = {
            "new": len(log.new),
            "updated": len(log.updated),
            "duplicate": len(log.duplicate),
            "conflicting": len(log.conflicting),
            "first_field_match": len(log.first_field_match),
            "missing_notetype": len(log.missing_notetype),
            "missing_deck": len(log.missing_deck),
            "empty_first_field": len(log.empty_first_field),
        }
        print(json.dumps({"counts": counts, "notes": col.note_count()}))
        for nid in col.find_notes(""):
            note = col.get_note(nid)
            card = note.cards()[0]
            print(
                json.dumps(
                    {
                        "id": nid,
                        "guid": note.guid,
                        "notetype": note.note_type()["name"],
                        "deck": col.decks.name(card.did),
                        "front": note["Front"],
                        "back": note["Back"],
                        "tags": note.tags,
                    }
                )
            )
    finally:
        col.close()


main()
