"""Quote variants: the same statement as quoted by different outlets, in different words
or languages ("how to get the bloody trucks moving" / "how to start these damn trucks"),
grouped with who quoted which wording."""

from __future__ import annotations

from collections import Counter

from newsprism.compare._context import StoryContext, fact_id, group_claims, outlets_of
from newsprism.records import Claim, QuoteGroup, QuoteVariant

# Multilingual sentence vectors of two wordings of one statement are at least this close.
SAME_QUOTE_SIMILARITY = 0.65
MIN_QUOTE_CHARS = 12


def quote_groups(ctx: StoryContext) -> list[QuoteGroup]:
    claims: list[Claim] = []
    info: dict[tuple[str, int], tuple[str, str | None]] = {}
    named: set[str | None] = set()
    for m in ctx.members:
        for q in m.analysis.quotes:
            if len(q.content.text.strip()) < MIN_QUOTE_CHARS:
                continue
            claims.append(ctx.claim(m, q.content.start, q.content.end, q.content.text))
            speaker = None
            mention = None
            if q.speaker is not None:
                # the entity the analysis found to be the speaker (not a name inside the
                # phrase: "an American official"); a pronoun's antecedent when resolved
                mention = None
                if q.speaker_entity is not None:
                    mention = next((e for e in m.analysis.entities if e.key == q.speaker_entity
                                    and (q.speaker.start <= e.start < q.speaker.end or q.speaker_resolved)), None)
                speaker = (ctx.entity_name(m.article.id, mention) if mention else
                           q.speaker_resolved or q.speaker.text)
            info[(m.article.id, q.content.start)] = (q.kind, speaker)
            if mention is not None:
                named.add(speaker)
    if not claims:
        return []
    vectors = ctx.vectors([c.text for c in claims])

    def same_speaker(a: Claim, b: Claim) -> bool:
        # two named speakers must be the same person; an unnamed or pronoun speaker fits any
        sa, sb = info[(a.article_id, a.start)][1], info[(b.article_id, b.start)][1]
        return sa is None or sb is None or sa not in named or sb not in named or sa == sb

    groups = []
    for group in group_claims(claims, vectors @ vectors.T, SAME_QUOTE_SIMILARITY, compatible=same_speaker):
        variants = []
        for c in group:
            kind, speaker = info[(c.article_id, c.start)]
            variants.append(QuoteVariant(article_id=c.article_id, outlet=c.outlet, text=c.text, kind=kind,
                                         speaker=speaker, sentence=c.sentence, start=c.start, end=c.end))
        groups.append(QuoteGroup(id=fact_id("quote", "", group), speaker=_group_speaker(variants, named),
                                 variants=variants, outlets=outlets_of(group),
                                 wordings=len({" ".join(v.text.casefold().split()) for v in variants})))
    groups.sort(key=lambda g: (-len(g.outlets), -len(g.variants)))
    return groups


_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "él", "ella", "ellos", "ellas", "lui", "lei",
             "loro", "hij", "zij", "ze", "er", "sie", "il", "elle", "ils", "elles"}


def _group_speaker(variants: list[QuoteVariant], named: set[str | None]) -> str | None:
    """Who said it: the most common speaker that is a named entity, else the most common
    one that is not a pronoun ("he" tells the reader nothing out of context)."""
    for usable in (lambda s: s in named, lambda s: s.casefold() not in _PRONOUNS):
        speakers = Counter(v.speaker for v in variants if v.speaker and usable(v.speaker))
        if speakers:
            return speakers.most_common(1)[0][0]
    return None
