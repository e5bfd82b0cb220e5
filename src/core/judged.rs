//! Where an answer talks about a practice rather than doing it: the practice is the subject of a
//! judgement ("Bundling fixes with feature work is more the CISO's job", "Dropping capabilities
//! tends to break apps", "Heatmaps oversimplify things") instead of the object of the candidate's
//! own action ("we drop capabilities"). Such a subject makes no point, yes or no; the rest of its
//! clause still can ("The first step is branch protection").

use crate::core::answer_text::{SUBJECTS, Word};

/// Verbs that link a subject to a judgement of it: "X is overkill", "X is what banks do".
const COPULAS: &[&str] = &[
    "is", "are", "was", "were", "seems", "seem", "sounds", "feels", "means", "meant",
];

/// Verbs by which the candidate gives an opinion of what follows: in "I think Falco is a monitoring
/// thing" the subject judged is Falco, not the candidate.
const OPINIONS: &[&str] = &[
    "think", "believe", "know", "guess", "feel", "reckon", "suppose", "find", "say",
];

/// Verbs that state a tendency of the subject rather than an action: "X tends to go stale".
const TENDENCIES: &[&str] = &["tend", "tends", "tended"];

/// Verbs that blame their subject for a cost: "X breaks most apps", "X confuses product people".
const BLAMES: &[&str] = &[
    "break",
    "breaks",
    "broke",
    "confuse",
    "confuses",
    "clutter",
    "clutters",
    "complicate",
    "complicates",
    "oversimplify",
    "oversimplifies",
    "overcomplicate",
    "overcomplicates",
    "slow",
    "slows",
    "annoy",
    "annoys",
    "frustrate",
    "frustrates",
    "distract",
    "distracts",
    "mislead",
    "misleads",
    "backfire",
    "backfires",
    "rot",
    "rots",
    "mixes",
];

/// Words after a copula that make it a passive, an action done to the subject ("keys are rotated"),
/// when they do not end in -ed.
const PARTICIPLES: &[&str] = &[
    "done", "run", "built", "set", "kept", "written", "made", "given", "taken", "shown", "held",
    "sent", "put", "cut", "caught", "found", "signed", "enforced", "pinned", "scanned", "stored",
];

/// Words that may stand between a copula and its participle: "keys are always rotated".
const ADVERBS: &[&str] = &[
    "also",
    "always",
    "then",
    "now",
    "all",
    "automatically",
    "only",
];

/// The candidate as the one who acts.
const FIRST_PERSON: &[&str] = &["i", "we", "i'd", "we'd", "i'll", "we'll", "i've", "we've"];

/// Pronouns that, inside a subject, are the object of its gerund.
const OBJECTS: &[&str] = &["it", "them"];

/// A subject of at most this many words: longer, the clause is a run-on the rule cannot read.
const SUBJECT_WORDS: usize = 8;

/// Marks the subject of each clause that judges it, as making no point.
pub(crate) fn mark(words: &mut [Word]) {
    let mut start = 0;
    while start < words.len() {
        let clause = words[start].clause;
        let end = words[start..]
            .iter()
            .position(|w| w.clause != clause)
            .map_or(words.len(), |n| start + n);
        if let Some((subject, verb)) = judging_verb(&words[start..end]) {
            for w in &mut words[start + subject..start + verb] {
                w.contradicted = true;
            }
        }
        // "Quantifying losses, that's what the PMs ask for": the topic is the subject.
        let topic = topic_before(words, start);
        if let Some(topic) = topic.filter(|_| resumes_and_judges(&words[start..end])) {
            for w in &mut words[topic..start] {
                w.contradicted = true;
            }
        }
        start = end;
    }
    scare_quotes(words);
}

/// Marks a single quoted word that the candidate says they did, as making no point: in `We
/// "partnered" with the team` the quotation marks take the word back. A longer quotation is a
/// name or a slogan, read as written.
fn scare_quotes(words: &mut [Word]) {
    for i in 1..words.len() {
        let Some(quote) = words[i].quote else {
            continue;
        };
        let alone = words[i - 1].quote != Some(quote)
            && words.get(i + 1).is_none_or(|w| w.quote != Some(quote));
        let by_candidate = FIRST_PERSON.contains(&words[i - 1].plain.as_str())
            && words[i - 1].clause == words[i].clause;
        if alone && by_candidate {
            words[i].contradicted = true;
        }
    }
}

/// Where the clause before `start` begins, when it is a short topic first in its sentence, with no
/// subject of its own.
fn topic_before(words: &[Word], start: usize) -> Option<usize> {
    let last = words.get(start.checked_sub(1)?)?;
    let begin = words[..start]
        .iter()
        .rposition(|w| w.clause != last.clause)
        .map_or(0, |n| n + 1);
    let topic = &words[begin..start];
    let first_in_sentence = begin == 0 || words[begin - 1].sentence != last.sentence;
    let stands_alone = topic.len() <= SUBJECT_WORDS
        && topic.iter().any(|w| !w.stop)
        && !topic
            .iter()
            .any(|w| SUBJECTS.contains(&w.plain.as_str()) || COPULAS.contains(&w.plain.as_str()));
    (first_in_sentence && stands_alone && words[start].sentence == last.sentence).then_some(begin)
}

/// Whether a clause takes up the topic before it with "that's" or "it's" and judges it, rather
/// than saying the candidate does it ("Branch protection, that's the first thing I'd do").
fn resumes_and_judges(clause: &[Word]) -> bool {
    let resumes = clause
        .first()
        .is_some_and(|w| matches!(w.plain.as_str(), "that" | "it" | "those" | "this"))
        && clause
            .iter()
            .take(2)
            .any(|w| w.apostrophe_s || COPULAS.contains(&w.plain.as_str()));
    let done_by_candidate = clause
        .iter()
        .any(|w| FIRST_PERSON.contains(&w.plain.as_str()));
    resumes && !done_by_candidate
}

/// Where the subject judged and the verb that judges it stand, if the clause is such a judgement.
fn judging_verb(clause: &[Word]) -> Option<(usize, usize)> {
    let verb = clause.iter().position(|w| {
        let plain = w.plain.as_str();
        COPULAS.contains(&plain) || TENDENCIES.contains(&plain) || BLAMES.contains(&plain)
    })?;
    // "I think Falco is ...", "I know 'guardrails over gates' is ...": the subject follows the
    // candidate's opinion.
    let from = clause[..verb]
        .windows(2)
        .rposition(|pair| {
            FIRST_PERSON.contains(&pair[0].plain.as_str())
                && OPINIONS.contains(&pair[1].plain.as_str())
        })
        .map_or(0, |n| n + 2);
    let subject = &clause[from..verb];
    // "We are", "it is", "there are": the candidate or a word pointing elsewhere is the subject.
    // A pronoun right after a gerund is its object: "Writing it up as stories is the PM's work"
    // still judges the writing.
    let object = |i: usize, w: &Word| {
        i > 0 && subject[i - 1].plain.ends_with("ing") && OBJECTS.contains(&w.plain.as_str())
    };
    let named = subject.iter().any(|w| !w.stop)
        && subject.len() <= SUBJECT_WORDS
        && !subject.iter().enumerate().any(|(i, w)| {
            (SUBJECTS.contains(&w.plain.as_str()) && !object(i, w)) || w.plain.ends_with("n't")
        });
    if !named {
        return None;
    }
    let plain = clause[verb].plain.as_str();
    if !COPULAS.contains(&plain) {
        return Some((from, verb));
    }
    // "Keys are (always) rotated": a passive is an action done, not a judgement.
    let next = clause[verb + 1..]
        .iter()
        .find(|w| !ADVERBS.contains(&w.plain.as_str()));
    let passive = next.is_some_and(|w| {
        (w.plain.ends_with("ed") && w.plain.len() > 4) || PARTICIPLES.contains(&w.plain.as_str())
    });
    // "X is the first thing we do": the candidate does it.
    let done_by_candidate = clause[verb + 1..]
        .iter()
        .any(|w| FIRST_PERSON.contains(&w.plain.as_str()));
    (!passive && !done_by_candidate).then_some((from, verb))
}

#[cfg(test)]
mod tests {
    use crate::core::answer_text::AnswerText;

    /// The words (not stop words) that make no point.
    fn judged(text: &str) -> Vec<String> {
        AnswerText::new(text)
            .words
            .into_iter()
            .filter(|w| w.contradicted && !w.stop)
            .map(|w| w.plain)
            .collect()
    }

    #[track_caller]
    fn case(text: &str, expected: &[&str]) {
        assert_eq!(judged(text), expected, "{text}");
    }

    #[test]
    fn a_practice_judged_makes_no_point() {
        case(
            "Keys in KMS with rotation is what big banks do.",
            &["keys", "kms", "rotation"],
        );
        case(
            "Standardized helper libraries tend to go stale.",
            &["standardized", "helper", "libraries"],
        );
        case(
            "Heatmaps and trend lines oversimplify things.",
            &["heatmaps", "trend", "lines"],
        );
        case(
            "Guardrails over gates is my philosophy.",
            &["guardrails", "gates"],
        );
        // A pronoun inside the subject is its gerund's object; first, it is the subject.
        case(
            "Writing it up as stories is the PM's work.",
            &["writing", "stories"],
        );
        case("It is the PM's work to write stories.", &[]);
        case("I posted that it was my change.", &[]);
    }

    #[test]
    fn the_subject_of_an_opinion_is_judged() {
        case(
            "For runtime I think Falco is a monitoring thing.",
            &["falco"],
        );
        case(
            "I know \"guardrails over gates\" is the fashionable line.",
            &["guardrails", "gates"],
        );
        case(
            "Signed images means a sign-off by an architect.",
            &["signed", "images"],
        );
        case("I think we should sign images.", &[]);
        case("We \"partnered\" with the affected team.", &["partnered"]);
        case("We use \"guardrails over gates\" as our motto.", &[]);
    }

    #[test]
    fn a_practice_done_or_named_as_the_answer_is_made() {
        case("Keys are rotated every 90 days.", &[]);
        case("Branch protection is the first thing we turn on.", &[]);
        case("The first step is branch protection.", &["first", "step"]);
        case("We are strict about reviews.", &[]);
        case("We drop capabilities and pin base images.", &[]);
        case("Branch protection, that's the first thing I'd do.", &[]);
    }
}
