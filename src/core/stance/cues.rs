//! What one clause says on its own: the words and phrases that negate it ("never", "n't") or
//! dismiss what it names ("overkill", "on paper", "we turned it off", "so we dropped that").

use crate::core::answer_text::Word;
use crate::core::reported::{on_demand, reports};
use crate::core::stance::BACK_REFERENCES;

/// Words that negate their clause. Whole words, after folding; any "n't" word too.
pub(super) const NEGATIONS: &[&str] = &[
    "not", "no", "never", "without", "nor", "neither", "none", "nobody", "nothing", "cannot",
    "hardly", "barely",
];

/// Words that dismiss what their clause names.
pub(super) const DISMISSALS: &[&str] = &[
    "skip",
    "skipped",
    "skipping",
    "skips",
    "avoid",
    "avoided",
    "avoiding",
    "against",
    "ditch",
    "ditched",
    "overkill",
    "pointless",
    "useless",
    "noise",
    "noisy",
    "theater",
    "theatre",
    "checkbox",
    "bureaucracy",
    "bureaucratic",
    "busywork",
    "unnecessary",
    "optional",
    "overrated",
    "overstated",
    "overhyped",
    "overengineering",
    "overengineered",
    "waste",
    "expensive",
    "costly",
    "academic",
    "trendy",
    "buzzword",
    "hype",
    "meme",
    "skeptical",
    "sceptical",
    "fragile",
    "brittle",
    "refuse",
    "refused",
    "ignore",
    "ignored",
    "ignores",
    "disabled",
    "bottleneck",
    "meaningless",
    "vanity",
    // Hearsay or a wish rather than what the candidate does: "it sounds good", "I've heard of it".
    "sounds",
    "sound",
    "heard",
    // Put off to an undated future: "network policies I'd revisit next year".
    "revisit",
    "someday",
    "eventually",
];

/// Verbs that give up what was tried, when they point back to it: "so we dropped that", "we
/// stopped it after a month". Alone they may be the practice: "we drop all capabilities".
const ABANDONS: &[&str] = &[
    "dropped",
    "stopped",
    "abandoned",
    "scrapped",
    "killed",
    "removed",
    "retired",
    "reverted",
    "ripped",
];

/// Words that dismiss only what follows them in the clause: "guardrails instead of gates".
pub(super) const FORWARD: &[&str] = &["instead", "rather"];

/// Phrases that dismiss what their clause names.
const DISMISSING_PHRASES: &[&[&str]] = &[
    &["on", "paper"],
    &["in", "theory"],
    &["too", "heavy"],
    &["too", "slow"],
    &["too", "much"],
    &["push", "back"],
    &["pushed", "back"],
    &["nice", "to", "have"],
    &["would", "be", "nice"],
    &["decided", "against"],
    &["mostly", "marketing"],
    &["just", "marketing"],
    &["hold", "off"],
    &["holding", "off"],
    &["held", "off"],
    &["gave", "up"],
    &["leave", "it", "out"],
    &["leave", "them", "out"],
    &["left", "it", "out"],
    &["at", "the", "earliest"],
    &["for", "later"],
    &["come", "later"],
    &["out", "later"],
    &["thrown", "around"],
    &["on", "our", "list"],
    &["over", "engineering"],
    &["over", "engineered"],
    &["single", "point", "of", "failure"],
    &["ideal", "world"],
    &["nice", "idea"],
    &["in", "principle"],
    &["obvious", "answer"],
    &["textbook", "answer"],
    &["standard", "answer"],
    &["next", "year"],
    &["in", "a", "year"],
    &["down", "the", "road"],
    &["at", "some", "point"],
    // What did not happen: "I would have liked to move CI to OIDC", "we should have canaried it".
    &["would", "have"],
    &["could", "have"],
    &["should", "have"],
    &["would've"],
    &["could've"],
    &["should've"],
    &["i'd", "have"],
    &["we'd", "have"],
];

/// Verbs whose "off" dismisses: "we turned secret scanning off". Past only: "turning the feature
/// off" while a fix is built is a mitigation, not a dismissal.
const OFF_VERBS: &[&str] = &["turned", "switched"];

/// Whether the word at `i` is a "too" before what it judges: "too rigid", "too heavy". A "too" that
/// ends its clause means "also".
fn too_much(words: &[Word], i: usize) -> bool {
    words[i].plain == "too"
        && words
            .get(i + 1)
            .is_some_and(|next| next.clause == words[i].clause && !next.stop)
}

/// Whether the word at `i` starts a dismissal: a word, a phrase, a report, or "turned ... off".
pub(super) fn dismisses(words: &[Word], i: usize) -> bool {
    let w = &words[i];
    let plain = w.plain.as_str();
    if DISMISSALS.contains(&plain) {
        return true;
    }
    let phrase = DISMISSING_PHRASES.iter().any(|phrase| {
        words.get(i..i + phrase.len()).is_some_and(|run| {
            run.iter().all(|r| r.clause == w.clause)
                && run.iter().zip(phrase.iter()).all(|(r, p)| r.plain == *p)
        })
    });
    let turned_off = OFF_VERBS.contains(&plain)
        && words[i + 1..]
            .iter()
            .take_while(|r| r.clause == w.clause)
            .any(|r| r.plain == "off");
    let abandoned = ABANDONS.contains(&plain)
        && words
            .get(i + 1)
            .is_some_and(|r| r.clause == w.clause && BACK_REFERENCES.contains(&r.plain.as_str()));
    phrase
        || turned_off
        || abandoned
        || reports(words, i)
        || on_demand(words, i)
        || too_much(words, i)
}

#[cfg(test)]
mod tests {
    use crate::core::answer_text::AnswerText;
    use crate::core::fixtures::stance_case as case;

    #[test]
    fn dismissals_hearsay_and_wishes_say_no() {
        // The subject of a judgement makes no point either (core::judged): `!`.
        case("KMS is expensive.", &["!kms", "expensive"]);
        case(
            "We turned rotation off last year.",
            &["turned", "rotation", "off", "last", "year"],
        );
        case(
            "Secure-by-default templates would be nice.",
            &["secure", "default", "templates", "nice"],
        );
        case(
            "I know \"guardrails over gates\" is the trendy line.",
            &["know", "!guardrails", "!gates", "trendy", "line"],
        );
        case(
            "Someone suggested a risk matrix.",
            &["someone", "suggested", "risk", "matrix"],
        );
        case("We turned on MFA.", &[]);
        case(
            "Some folks like to automate dedupe.",
            &["folks", "automate", "dedupe"],
        );
        case(
            "People always talk about SBOMs.",
            &["people", "always", "talk", "sboms"],
        );
        case("Our engineers like the templates.", &[]);
    }

    #[test]
    fn instead_and_rather_reach_forward_only() {
        case("Guardrails instead of gates.", &["instead", "gates"]);
        case("Paved roads rather than blockers.", &["rather", "blockers"]);
        // The candidate's own action after it is not set aside.
        case(
            "Instead of blocking the launch I offered three options.",
            &["instead", "blocking", "launch"],
        );
    }

    #[test]
    fn a_no_to_something_being_enough_on_its_own_rejects_nothing() {
        case("I wouldn't sort by CVSS alone.", &[]);
        case("We do not only scan, we fix.", &[]);
        case("We don't sort by CVSS.", &["don't", "cvss"]);
    }

    #[test]
    fn a_negation_that_is_dismissed_contradicts_itself() {
        case(
            "I think \"never roll your own crypto\" is overstated.",
            &["!think", "!never", "!roll", "!crypto", "!overstated"],
        );
        case("Never roll your own crypto.", &["never", "roll", "crypto"]);
    }

    #[test]
    fn a_question_is_asked_not_answered() {
        let answer =
            AnswerText::new("Trade-offs between isolation and simplicity? We pick simplicity.");
        let asked: Vec<&str> = answer
            .words
            .iter()
            .filter(|w| w.asked)
            .map(|w| w.plain.as_str())
            .collect();
        assert_eq!(
            asked,
            ["trade", "offs", "between", "isolation", "and", "simplicity"]
        );
    }
}
