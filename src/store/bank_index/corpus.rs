//! The words section of an index: a search corpus written as bytes, and read back only if every
//! number and word in it fits.

use crate::core::search::{Corpus, FieldKind};

/// A corpus as bytes: the word count and each word (length, then UTF-8), then the document
/// count and, for each, its field count and each field (kind, count of words, the word numbers in
/// the field's order, which quoted phrases need). Numbers are LEB128 varints.
pub fn encode_corpus(corpus: &Corpus) -> Vec<u8> {
    let mut out = Vec::new();
    put(&mut out, corpus.words.len() as u64);
    for word in &corpus.words {
        put(&mut out, word.len() as u64);
        out.extend_from_slice(word.as_bytes());
    }
    put(&mut out, corpus.documents.len() as u64);
    for fields in &corpus.documents {
        put(&mut out, fields.len() as u64);
        for (kind, numbers) in fields {
            out.push(kind_code(*kind));
            put(&mut out, numbers.len() as u64);
            for &n in numbers {
                put(&mut out, u64::from(n));
            }
        }
    }
    out
}

/// The corpus [`encode_corpus`] wrote, or `None` for bytes it did not write.
pub fn decode_corpus(bytes: &[u8]) -> Option<Corpus> {
    let mut at = 0;
    let count = take(bytes, &mut at)?;
    // Each word takes at least one byte: a count beyond the bytes is damage, not a reason to
    // reserve memory.
    let mut words = Vec::with_capacity(usize::try_from(count).ok()?.min(bytes.len()));
    for _ in 0..count {
        let len = usize::try_from(take(bytes, &mut at)?).ok()?;
        let end = at.checked_add(len)?;
        words.push(std::str::from_utf8(bytes.get(at..end)?).ok()?.to_string());
        at = end;
    }
    let count = take(bytes, &mut at)?;
    let mut documents = Vec::with_capacity(usize::try_from(count).ok()?.min(bytes.len()));
    for _ in 0..count {
        let fields = take(bytes, &mut at)?;
        let mut document = Vec::new();
        for _ in 0..fields {
            let kind = kind_of(*bytes.get(at)?)?;
            at += 1;
            let n = take(bytes, &mut at)?;
            let mut numbers = Vec::with_capacity(usize::try_from(n).ok()?.min(bytes.len()));
            for _ in 0..n {
                let number = u32::try_from(take(bytes, &mut at)?).ok()?;
                if number as usize >= words.len() {
                    return None;
                }
                numbers.push(number);
            }
            document.push((kind, numbers));
        }
        documents.push(document);
    }
    (at == bytes.len()).then(|| Corpus::from_parts(words, documents))
}

fn put(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn take(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(*at)?;
        *at += 1;
        n |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Some(n);
        }
    }
    None
}

const KINDS: [FieldKind; 7] = [
    FieldKind::Id,
    FieldKind::Question,
    FieldKind::Tags,
    FieldKind::Why,
    FieldKind::Answer,
    FieldKind::KeyPoint,
    FieldKind::MyAnswer,
];

fn kind_code(kind: FieldKind) -> u8 {
    KINDS.iter().position(|&k| k == kind).unwrap_or(0) as u8
}

fn kind_of(code: u8) -> Option<FieldKind> {
    KINDS.get(usize::from(code)).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::bank::Card;
    use crate::core::search::Document;
    use crate::store::bank_index::tests::deck;

    #[test]
    fn corpus_round_trips_and_damage_is_refused() {
        let deck = deck(30);
        let documents: Vec<Document<'_>> = deck
            .questions
            .iter()
            .map(|question| {
                Document::of(Card {
                    deck: &deck,
                    question,
                })
            })
            .collect();
        let corpus = Corpus::of(&documents);
        let bytes = encode_corpus(&corpus);
        let back = decode_corpus(&bytes).expect("decodes");
        assert_eq!(back.words, corpus.words);
        assert_eq!(back.documents.len(), 30);
        for cut in 0..bytes.len() {
            assert!(decode_corpus(&bytes[..cut]).is_none(), "cut at {cut}");
        }
        assert!(decode_corpus(&[0xff; 12]).is_none());
    }
}
