//! Who acts in a clause, and whether it happened: advice reported from anyone but the candidate
//! ("My recruiter told me I should ...", "people talk about X"), what others had or did ("They had
//! one champion per squad"), and a practice kept for someone else's demand ("if an auditor asks").
//! Such a clause tells no practice of the candidate's: core::stance treats it as saying no, and a
//! report reaches on to the clauses after it.

use crate::core::answer_text::Word;

/// Phrases that report what others say or do, not what the candidate does: they dismiss their
/// clause and reach forward (see [`crate::core::stance::mark`]).
const REPORTED_PHRASES: &[&[&str]] = &[
    &["people", "say"],
    &["everyone", "says"],
    &["they", "say"],
    &["someone", "suggested"],
    &["everyone", "talks"],
    &["talked", "about"],
    &["supposed", "to"],
    &["the", "advice"],
    // What others were seen doing: "I've seen teams write findings as stories".
    &["i've", "seen"],
    &["i", "have", "seen"],
];

/// Others whose words, reported, are not the candidate's answer: "people talk about X", "some folks
/// like to X".
const OTHERS: &[&str] = &[
    "people",
    "folks",
    "everyone",
    "everybody",
    "others",
    "someone",
    "somebody",
    "consultants",
    "vendors",
    "experts",
    "pundits",
    "textbooks",
    "books",
];

/// What others do with a practice when it is only reported.
const REPORTING: &[&str] = &[
    "talk",
    "talks",
    "say",
    "says",
    "said",
    "like",
    "likes",
    "love",
    "loves",
    "recommend",
    "recommends",
    "suggest",
    "suggests",
    "tell",
    "tells",
    "told",
    "advise",
    "advises",
    "preach",
    "preaches",
    "push",
    "pushes",
    "insist",
    "insists",
    "swear",
];

/// How many words may stand between the others and their reporting verb ("people always talk").
const REPORT_GAP: usize = 3;

/// Verbs that report what someone said or asked for. With anyone but the candidate as their
/// subject ("My recruiter told me I should ...", "the PM asked me for ...", "Someone mentioned we
/// should ..."), what follows is that person's advice, not the candidate's practice.
const SPEECH: &[&str] = &[
    "said",
    "told",
    "asked",
    "mentioned",
    "suggested",
    "recommended",
    "advised",
    "urged",
    "insisted",
    "preached",
    "wanted",
];

/// What someone used to say: "my old manager used to say X". Only the past reports advice: in
/// "CVSS will tell you half are critical" or "enterprises who ask hard questions" nobody advises.
const HABITUAL_SPEECH: &[&[&str]] = &[&["used", "to", "say"], &["used", "to", "tell"]];

/// Phrases that give someone's enthusiasm for an idea: "my last boss was big on X".
const ATTITUDES: &[&[&str]] = &[&["big", "on"], &["keen", "on"], &["obsessed", "with"]];

/// The candidate as the one who speaks or acts.
pub(crate) const FIRST_PERSON: &[&str] = &[
    "i", "we", "i'd", "we'd", "i'm", "we're", "i've", "we've", "i'll", "we'll",
];

/// How many words a speaker may take before the verb: "my old manager at the bank used to say".
const SPEAKER_WORDS: usize = 7;

/// Others named as the subject of a sentence: "They had one champion per squad". Not "she" or
/// "he", who in a story are most often the people the candidate won over: "She picked the middle
/// one".
const THIRD_PERSONS: &[&str] = &["they"];

/// Past forms that tell what others had or did, when they are not regular: "they had", "she ran".
const IRREGULAR_PAST: &[&str] = &[
    "had", "did", "ran", "kept", "made", "built", "set", "put", "wrote", "got", "went", "took",
];

/// Verbs of a condition that makes a practice only a reaction to someone else's demand: "something
/// we'd look at if an auditor asks", "we'd handle it by email if anyone ever asks".
const DEMANDS: &[&str] = &[
    "ask",
    "asks",
    "asked",
    "require",
    "requires",
    "demand",
    "demands",
    "insist",
    "insists",
    "complain",
    "complains",
    "force",
    "forces",
    "push",
    "pushes",
    "mandate",
    "mandates",
];

/// Whether the word at `i` starts a report of what others say or do.
pub(crate) fn reports(words: &[Word], i: usize) -> bool {
    let w = &words[i];
    let phrase = REPORTED_PHRASES.iter().any(|phrase| {
        words.get(i..i + phrase.len()).is_some_and(|run| {
            run.iter().all(|r| r.clause == w.clause)
                && run.iter().zip(phrase.iter()).all(|(r, p)| r.plain == *p)
        })
    });
    let others = OTHERS.contains(&w.plain.as_str())
        && words[i + 1..]
            .iter()
            .take(REPORT_GAP)
            .take_while(|r| r.clause == w.clause)
            .any(|r| REPORTING.contains(&r.plain.as_str()));
    let speech = (SPEECH.contains(&w.plain.as_str())
        || starts_phrase(words, i, HABITUAL_SPEECH)
        || starts_phrase(words, i, ATTITUDES))
        && spoken_by_another(words, i);
    phrase || others || speech || others_did(words, i)
}

/// Whether the words at `i` spell one of `phrases`, within one clause.
fn starts_phrase(words: &[Word], i: usize, phrases: &[&[&str]]) -> bool {
    phrases.iter().any(|phrase| {
        words.get(i..i + phrase.len()).is_some_and(|run| {
            run.iter().all(|r| r.clause == words[i].clause)
                && run.iter().zip(phrase.iter()).all(|(r, p)| r.plain == *p)
        })
    })
}

/// Whether the verb at `i` has a speaker other than the candidate: a few words before it in its
/// clause, none of them "I" or "we". "I told the team to rotate keys" is the candidate's own.
fn spoken_by_another(words: &[Word], i: usize) -> bool {
    let clause = words[i].clause;
    let start = words[..i]
        .iter()
        .rposition(|w| w.clause != clause)
        .map_or(0, |n| n + 1);
    let speaker = &words[start..i];
    (1..=SPEAKER_WORDS).contains(&speaker.len())
        && !speaker
            .iter()
            .any(|w| FIRST_PERSON.contains(&w.plain.as_str()))
}

/// Whether the word at `i` opens a sentence that tells what others had or did, in the past:
/// "They had one champion per squad". Not "they have", which may be the candidate's teams now.
fn others_did(words: &[Word], i: usize) -> bool {
    let first_in_sentence = i == 0 || words[i - 1].sentence != words[i].sentence;
    let past = |w: &Word| {
        IRREGULAR_PAST.contains(&w.plain.as_str()) || (w.plain.ends_with("ed") && w.plain.len() > 4)
    };
    first_in_sentence
        && THIRD_PERSONS.contains(&words[i].plain.as_str())
        && words
            .get(i + 1..i + 3)
            .is_some_and(|next| next.iter().any(|w| w.clause == words[i].clause && past(w)))
}

/// Whether the word at `i` is an "if" whose condition is someone else's demand: the practice is a
/// reaction on request, not something done.
pub(crate) fn on_demand(words: &[Word], i: usize) -> bool {
    words[i].plain == "if"
        && words[i + 1..]
            .iter()
            .take_while(|w| w.clause == words[i].clause)
            .take_while(|w| !FIRST_PERSON.contains(&w.plain.as_str()))
            .any(|w| DEMANDS.contains(&w.plain.as_str()))
}

#[cfg(test)]
mod tests {
    use crate::core::fixtures::stance_case as case;

    #[test]
    fn advice_from_anyone_but_the_candidate_is_reported() {
        case(
            "My recruiter told me I should connect my experience to your product.",
            &["recruiter", "told", "connect", "experience", "product"],
        );
        case(
            "The PM asked me for options with risk levels.",
            &["pm", "asked", "options", "risk", "levels"],
        );
        case(
            "My old manager used to say frame security in product terms.",
            &[
                "old", "manager", "say", "frame", "security", "product", "terms",
            ],
        );
        case(
            "My last boss was big on risk scoring.",
            &["!last", "!boss", "big", "risk", "scoring"],
        );
        // The candidate's own words, and a tool or a customer in the present, advise nothing.
        case("I told the team to rotate keys.", &[]);
        case("CVSS alone will tell you half of them are critical.", &[]);
        case("Per-tenant keys if a customer wants BYOK.", &[]);
    }

    #[test]
    fn what_others_did_what_did_not_happen_and_what_waits_for_a_demand_say_no() {
        case("They had one champion per squad.", &["champion", "squad"]);
        case("They have one champion per squad.", &[]);
        case(
            "They had one champion per squad, there were KPIs on a dashboard, but we have none.",
            &["champion", "squad", "kpis", "dashboard", "none"],
        );
        case("She picked the middle one, which fit in the sprint.", &[]);
        case(
            "If we'd had more time I would have liked to move CI to OIDC.",
            &["time", "liked", "move", "ci", "oidc"],
        );
        case(
            "Rotation is something we'd look at if an auditor asks.",
            &["rotation", "look", "auditor", "asks"],
        );
        case("If a key leaks we rotate it.", &[]);
        case(
            "Centralized logging, yeah, at some point.",
            &["centralized", "logging", "yeah", "point"],
        );
        case(
            "Decision frameworks I find too rigid.",
            &["decision", "frameworks", "find", "rigid"],
        );
        case("We run SAST in CI too.", &[]);
    }
}
