"""How often each sentence check fires on correct translations (false alarms) and how often
it catches the error planted for it (catch rate), on labelled news sentences written apart
from the checks (issue 25, item 5).

    python benchmarks/sentence_checks.py [--data benchmarks/data/sentences_unseen.tsv]
                                         [--split unseen|...|all] [--json] [--show]

The data (`benchmarks/data/sentences_unseen.tsv`, its format at its top) holds Dutch news
sentences grouped in articles, a correct English translation of each and, per planted error
kind, the English with that one error (or "-"). Each sentence is checked as a run checks it:
`checks.quality.sentence_flags` with the default settings, no model score, and its
article's context (`checks.quality.ArticleContext` of the article's Dutch). The checks and
what each must catch:
    names         names_err         a name translated as a word, a wrong exonym, a place or
                                    institution translated word by word, a swapped or a
                                    dropped name (catch rate also per `names_kind`)
    numbers       numbers_err       one number changed
    length_ratio  dropped_err       a clause or a coordinated half dropped
    dropped       dropped_err       the same (a stretch of the Dutch the English lacks)
    untranslated  untranslated_err  Dutch left in, whole (`whole`) or a clause (`clause`)
    length_or_dropped  dropped_err  either of length_ratio and dropped (the dropped clause
                                    as the editor sees it)
False alarms of each check are counted on the correct English of every sentence; `any` is a
correct sentence with at least one of the four. `caught_by_any` says how many planted errors
of a kind raised any of the four flags (a dropped clause that takes a name with it is still
seen by the editor). Goals (issue 25): false alarms <= 2 %, caught >= 90 %, per check.

unseen (first measure, before any tuning): 438 sentences in 126 articles, measured once
on 6 December 2026 on the code of main at c3da26a (no change for issue 25 yet) with
`python benchmarks/sentence_checks.py --show`:

    check                false alarms             caught  by any flag
    names              40/438 = 9.1 %   246/278 = 88.5 %          246
    numbers             5/438 = 1.1 %   215/251 = 85.7 %          219
    length_ratio        0/438 = 0.0 %   122/163 = 74.8 %          140
    untranslated        0/438 = 0.0 %   201/250 = 80.4 %          212
    any               44/438 = 10.0 %                  -            -
      names by kind: surname_as_word 86/94 = 91.5 %, word_by_word 53/62 = 85.5 %,
        first_name 38/44 = 86.4 %, exonym 19/26 = 73.1 %, dropped_name 25/26 = 96.2 %,
        swapped_place 21/22 = 95.5 %, swapped_name 4/4 = 100.0 %
      untranslated by kind: clause 90/139 = 64.7 %, whole 111/111 = 100.0 %

A review of every planted numbers error right after (by a script: does the change touch a
number at all?) found four that do not: two months (1 September -> October, 1 January ->
February), a medal (silver -> bronze) and the company name 3M -> 5M, all four among the misses.
They are labelled "-" since; on the corrected labels numbers catches 215/247 = 87.0 %
(caught by any flag 218), every other figure unchanged.

Tuned on it since (issue 25 items 3-5: branch flags-coverage, FreeDict nld-eng 0.2
installed; names as on main at 0f7a10c), the figures on this split are no longer figures on
unseen text (the final split, written after, is):

    check                    false alarms             caught  by any flag
    numbers                 0/438 = 0.0 %   240/247 = 97.2 %          241
    length_ratio            0/438 = 0.0 %   122/163 = 74.8 %          153
    dropped                 3/438 = 0.7 %   118/163 = 72.4 %          153
    untranslated            0/438 = 0.0 %   248/250 = 99.2 %          248
    length_or_dropped       3/438 = 0.7 %   148/163 = 90.8 %          153
      untranslated by kind: clause 137/139 = 98.6 %, whole 111/111 = 100.0 %

final (`benchmarks/data/sentences_final.tsv`): 208 sentences in 64 articles in nine registers,
written after all tuning by a hand that had not read the checks, committed before any measure
and measured once on 6 December 2026 on the code of main at 501410e (flags-coverage landed,
FreeDict nld-eng installed) with `python benchmarks/sentence_checks.py --data
benchmarks/data/sentences_final.tsv --show`:

    check                    false alarms             caught  by any flag
    names                   3/208 = 1.4 %   105/130 = 80.8 %          106
    numbers                 2/208 = 1.0 %     97/99 = 98.0 %           98
    length_ratio            2/208 = 1.0 %     39/58 = 67.2 %           50
    dropped                 2/208 = 1.0 %     39/58 = 67.2 %           50
    untranslated            0/208 = 0.0 %  194/194 = 100.0 %          194
    length_or_dropped       4/208 = 1.9 %     47/58 = 81.0 %           50
    any                     9/208 = 4.3 %                  -            -
      names by kind: surname_as_word 23/42 = 54.8 %, word_by_word 27/28 = 96.4 %,
        dropped_name 18/18 = 100.0 %, exonym 14/18 = 77.8 %, first_name 16/17 = 94.1 %,
        swapped_place 6/6 = 100.0 %, swapped_name 1/1 = 100.0 %
      untranslated by kind: whole 136/136 = 100.0 %, clause 58/58 = 100.0 %

One Dutch sentence had a typo found in the misses (Rozendaal for Roosendaal, the English
right); corrected since: names 2/208 = 1.0 % false alarms, 104/130 = 80.0 % caught (exonym
13/18: the Brussel -> Brussels error in that sentence had been caught through the typo),
any 8/208 = 3.8 %, every other figure unchanged. 19 of the 25 names misses are a surname that
is a Dutch word (Bakker, Kok, Vos, Mulder, Koning, Schipper, Wit, Brouwer) in articles where
it only ever opens a sentence.

Tuned on `final` and `unseen` since (names: surnames as bare subjects, lone exonyms; dropped:
clause parts, FreeDict's ij), both now overstate: final names 0.5 % / 98.5 %, dropped
1.0 % / 91.4 %; unseen names 1.1 % / 97.1 %, dropped 1.1 % / 91.4 %.

final2 (`benchmarks/data/sentences_final2.tsv`): 363 sentences in 104 articles in thirteen
registers none of the others cover, written while that tuning went on by a hand that never
read the rules or saw the tuning, kept outside the repository until it ended, and measured
once on 6 December 2026 on main at 8ff3803 with `python benchmarks/sentence_checks.py --data
benchmarks/data/sentences_final2.tsv --show`:

    check                    false alarms             caught  by any flag
    names                  25/363 = 6.9 %   152/171 = 88.9 %          152
    numbers                 0/363 = 0.0 %   134/141 = 95.0 %          136
    length_ratio            1/363 = 0.3 %    97/137 = 70.8 %          128
    dropped                18/363 = 5.0 %   116/137 = 84.7 %          128
    untranslated            1/363 = 0.3 %    89/89 = 100.0 %           89
    length_or_dropped      18/363 = 5.0 %   123/137 = 89.8 %          128
    any                    36/363 = 9.9 %                  -            -
      names by kind: surname_as_word 61/64 = 95.3 %, exonym 38/48 = 79.2 %,
        word_by_word 16/22 = 72.7 %, first_name 16/16 = 100.0 %, swapped_place 12/12 = 100.0 %,
        dropped_name 6/6 = 100.0 %, swapped_name 3/3 = 100.0 %
      untranslated by kind: whole 51/51 = 100.0 %, clause 38/38 = 100.0 %

The names false alarms are mostly institutions the table lacks, translated (Huurcommissie ->
Rent Tribunal, Liga voor Mensenrechten -> Human Rights League), and Belgian titles before a
name (Schepen van Mobiliteit); the dropped ones are clause parts whose English rewords them.

Tuned on all three since (round 3: bodies the table lacks may be translated, portfolios, lists
of places; dropped weighs its evidence against the English words nothing in the Dutch
explains). On main d71c28e, overstating: final2 names 0.3 % / 92.4 %, dropped 0 % / 81.8 %,
length or dropped 0.3 % / 88.3 %; final names 0.5 % / 98.5 %, length or dropped 1.0 % /
91.4 %; unseen names 0.9 % / 97.1 %, length or dropped 0.7 % / 93.9 %.

final3 (`benchmarks/data/sentences_final3.tsv`): 331 sentences in 84 articles in fourteen
registers none of the others use, written while round 3 went on by a hand that never read the
rules or saw the tuning, kept outside the repository until it ended, and measured once on
6 December 2026 on main at d71c28e with `python benchmarks/sentence_checks.py --data
benchmarks/data/sentences_final3.tsv --show`:

    check                    false alarms             caught  by any flag
    names                  20/331 = 6.0 %   122/135 = 90.4 %          123
    numbers                 1/331 = 0.3 %   111/114 = 97.4 %          111
    length_ratio            2/331 = 0.6 %    70/102 = 68.6 %          100
    dropped                 6/331 = 1.8 %    87/102 = 85.3 %          100
    untranslated            0/331 = 0.0 %    84/84 = 100.0 %           84
    length_or_dropped       8/331 = 2.4 %    96/102 = 94.1 %          100
    any                    29/331 = 8.8 %                  -            -
      names by kind: surname_as_word 54/55 = 98.2 %, exonym 27/33 = 81.8 %,
        word_by_word 21/27 = 77.8 %, swapped_place 7/7 = 100.0 %, first_name 5/5 = 100.0 %,
        dropped_name 4/4 = 100.0 %, swapped_name 4/4 = 100.0 %
      untranslated by kind: whole 43/43 = 100.0 %, clause 41/41 = 100.0 %

The names false alarms again come from what the rules had not met: ranks and functions
before a name (Brigadegeneraal, Havenschepen), bodies and days with an English name the table
lacks (Uitvoeringsinstituut Werknemersverzekeringen, Staatsbosbeheer, Provinciale Staten,
Veteranendag, Diergaarde Blijdorp), regional adjectives (Bossche, Oostelijke Mijnstreek).

Round 4 (names only: a capitalised phrase of Dutch dictionary words that is no known surname,
first name or place, and whose structure says no place or person, is kept by its translation;
checks/name_common.py) tuned on all four; on main 1f642cb, overstating: final3 names 3.9 % /
90.4 %, unseen 0.5 % / 97.1 %, final2 and final unchanged.

final4 (`benchmarks/data/sentences_final4.tsv`): 255 sentences in 65 articles in twelve
registers none of the others use, written while round 4 went on by a hand that never read the
rules or saw the tuning, kept outside the repository until it ended, and measured once on
6 December 2026 on main at 1f642cb with `python benchmarks/sentence_checks.py --data
benchmarks/data/sentences_final4.tsv --show`:

    check                    false alarms             caught  by any flag
    names                  11/255 = 4.3 %     89/98 = 90.8 %           89
    numbers                 1/255 = 0.4 %     68/73 = 93.2 %           68
    length_ratio            0/255 = 0.0 %     37/73 = 50.7 %           58
    dropped                 1/255 = 0.4 %     51/73 = 69.9 %           58
    untranslated            0/255 = 0.0 %     53/56 = 94.6 %           54
    length_or_dropped       1/255 = 0.4 %     54/73 = 74.0 %           58
    any                    13/255 = 5.1 %                  -            -
      names by kind: surname_as_word 38/40 = 95.0 %, word_by_word 18/22 = 81.8 %,
        exonym 18/21 = 85.7 %, swapped_place 8/8 = 100.0 %, first_name 3/3 = 100.0 %,
        dropped_name 2/2 = 100.0 %, swapped_name 2/2 = 100.0 %
      untranslated by kind: clause 37/40 = 92.5 %, whole 16/16 = 100.0 %

The dropped clause, conservative since round 3, misses a quarter of the drops here (74.0 %,
against 94.1 % on final3): the registers differ in how much of a clause FreeDict knows.

Round 5 (names only, branch names-fa3: bodies in English word order, archaic -sche, first
name + a word the table translates, joined place names, initials acronyms, exonym parts of
hyphenated and compound names, saints, work titles, table rows) tuned on unseen, final,
final2 and final3, overstating: names unseen 0.2 % / 97.1 %, final 0.0 % / 98.5 %, final2
0.3 % / 93.6 %, final3 1.5 % / 92.6 %. final4 kept for validation, its figures read three
times (before, midway, at the end; never its list): 3/255 = 1.2 % / 90/98 = 91.8 %. Its
groups of false alarms were known from the brief, so that figure overstates too.

Round 5 (dropped only, branch dropped-catch2: list members, closing parts, inserts between
commas, one English word per Dutch word, connectives, lost numbers with separators; tuned on
unseen, final, final2 and final3, final4 looked at three times as a validation split), with
`python benchmarks/sentence_checks.py --data benchmarks/data/sentences_<split>.tsv`,
length_or_dropped false alarms / caught, before -> after:

    unseen   3/438 = 0.7 %  153/163 = 93.9 %   ->  2/438 = 0.5 %  158/163 = 96.9 %
    final    2/208 = 1.0 %    53/58 = 91.4 %   ->  2/208 = 1.0 %    56/58 = 96.6 %
    final2   1/363 = 0.3 %  121/137 = 88.3 %   ->  2/363 = 0.6 %  125/137 = 91.2 %
    final3   8/331 = 2.4 %   96/102 = 94.1 %   ->  4/331 = 1.2 %   99/102 = 97.1 %
    final4   1/255 = 0.4 %    54/73 = 74.0 %   ->  1/255 = 0.4 %    64/73 = 87.7 %  (validation)

Round 5 also moved numbers (halves of a unit, driekwart, "een op de vijf", months, codes such
as A12, numbers in parts such as race times, ordinals joined to a unit; every split tuned on:
0 % false alarms, 98.6-100 % caught) and untranslated (two Dutch words that end the sentence;
0-0.3 % / 99.2-100 %).

final5 (`benchmarks/data/sentences_final5.tsv`): 319 sentences in 65 articles in thirteen
registers none of the others use, written while round 5 went on by a hand that never read the
rules or saw the tuning, reviewed row by row by a second such hand (14 rows fixed), kept
outside the repository until round 5 ended, committed (d91d0a8) and measured once on
6 December 2026 on main at d91d0a8 with `python benchmarks/sentence_checks.py --data
benchmarks/data/sentences_final5.tsv --show`:

    check                    false alarms             caught  by any flag
    names                  18/319 = 5.6 %   120/137 = 87.6 %          120
    numbers                 2/319 = 0.6 %   106/107 = 99.1 %          106
    length_ratio            0/319 = 0.0 %     49/94 = 52.1 %           85
    dropped                 3/319 = 0.9 %     81/94 = 86.2 %           85
    untranslated            1/319 = 0.3 %    65/65 = 100.0 %           65
    length_or_dropped       3/319 = 0.9 %     85/94 = 90.4 %           85
    any                    20/319 = 6.3 %                  -            -
      names by kind: surname_as_word 25/27 = 92.6 %, exonym 18/26 = 69.2 %,
        word_by_word 18/25 = 72.0 %, first_name 18/18 = 100.0 %, swapped_place 18/18 =
        100.0 %, dropped_name 13/13 = 100.0 %, swapped_name 10/10 = 100.0 %
      untranslated by kind: clause 33/33 = 100.0 %, whole 32/32 = 100.0 %

Numbers, untranslated and the dropped clause meet the goals on it; names does not (false
alarms from bodies, events and monuments only a table knows, peoples and groups, a title
kept in Dutch; misses: Flemish places left in Dutch where English has an exonym, Ostend,
Ypres, Menin Gate).

Round 6 (names only, branch names-fa4: a sourced table of exonyms in use, landmarks, titles
kept verbatim, acronyms in brackets, the speaker after a speech verb, peoples and initials,
bodies in English order, the Dutch order caught, municipalities; tuned on all six splits):
names final5 0.9 % / 94.9 % (overstating), the others unchanged or better.

final6 (`benchmarks/data/sentences_final6.tsv`): 290 sentences in 65 articles in thirteen
registers none of the others use, written while round 6 went on by a hand that never read the
rules or saw the tuning, reviewed row by row by a second such hand (18 rows fixed), kept
outside the repository until round 6 ended, committed (4dd5c04) and measured once on
6 December 2026 on main at 4dd5c04 with `python benchmarks/sentence_checks.py --data
benchmarks/data/sentences_final6.tsv --show`:

    check                    false alarms             caught  by any flag
    names                  10/290 = 3.4 %   125/138 = 90.6 %          125
    numbers                 1/290 = 0.3 %     94/96 = 97.9 %           94
    length_ratio            1/290 = 0.3 %     34/92 = 37.0 %           82
    dropped                 1/290 = 0.3 %     77/92 = 83.7 %           82
    untranslated            0/290 = 0.0 %    64/64 = 100.0 %           64
    length_or_dropped       2/290 = 0.7 %     79/92 = 85.9 %           82
    any                    13/290 = 4.5 %                  -            -
      names by kind: surname_as_word 30/31 = 96.8 %, exonym 26/30 = 86.7 %,
        word_by_word 16/23 = 69.6 %, first_name 15/15 = 100.0 %, swapped_place 15/15 =
        100.0 %, dropped_name 12/13 = 92.3 %, swapped_name 11/11 = 100.0 %
      untranslated by kind: whole 33/33 = 100.0 %, clause 31/31 = 100.0 %

Numbers and untranslated meet the goals again; names improves (3.4 %, from 5.6 %) but not to
2 %; the dropped clause misses list members ("Niger, Mali en Burkina Faso" -> "Niger and
Burkina Faso"): 85.9 %.

Round 7 (branches names-fa5 and dropped-catch3, tuned on all seven splits): names the speaker
after volgens/aldus, where a name ends (in/op, van after a full name), place adjectives,
sourced rows; dropped list members with articles and repeated prepositions, name and
two-letter members, shared nouns, "te X en te Y", a 1.4x gate for lists of three. On final6
(overstating): names 0 % / 97.8 %, length_or_dropped 0.7 % / 92.4 %.

final7 (`benchmarks/data/sentences_final7.tsv`): 286 sentences in 65 articles in thirteen
registers none of the others use, written while round 7 went on by a hand that never read the
rules or saw the tuning, reviewed row by row by a second such hand (46 rows fixed), kept
outside the repository until round 7 ended, committed (a91fcdc) and measured once on
6 December 2026 on main at a91fcdc with `python benchmarks/sentence_checks.py --data
benchmarks/data/sentences_final7.tsv --show`:

    check                    false alarms             caught  by any flag
    names                  10/286 = 3.5 %   149/156 = 95.5 %          149
    numbers                 0/286 = 0.0 %   110/111 = 99.1 %          110
    length_ratio            0/286 = 0.0 %     56/84 = 66.7 %           77
    dropped                 1/286 = 0.3 %     77/84 = 91.7 %           77
    untranslated            0/286 = 0.0 %    98/98 = 100.0 %           98
    length_or_dropped       1/286 = 0.3 %     77/84 = 91.7 %           77
    any                    11/286 = 3.8 %                  -            -
      names by kind: surname_as_word 29/31 = 93.5 %, exonym 29/30 = 96.7 %,
        word_by_word 23/27 = 85.2 %, swapped_place 26/26 = 100.0 %, first_name 18/18 =
        100.0 %, dropped_name 14/14 = 100.0 %, swapped_name 10/10 = 100.0 %
      untranslated by kind: whole 65/65 = 100.0 %, clause 33/33 = 100.0 %

Numbers, untranslated and the dropped clause meet the goals; names catches 95.5 % but fires on
3.5 % of correct sentences (a surname with a particle whose head is a word, "Maarten de
Koning", "aldus De Koning", "Hélène de Wit": flagged when kept, passed when translated; a
Brussels landmark by its French name; a portfolio in the Dutch order).

Round 8 (names only, branch names-fa6: particled surnames that are words, a function before a
first name, two bodies joined by en, a name stops at a comma and a particle, ministers'
portfolios, events and works; numbers by the lead: days of the week, "een paar"). On final7
(overstating): names 0 % / 100 %.

final8 (`benchmarks/data/sentences_final8.tsv`): 304 sentences in 65 articles, thirteen new
registers, written while round 8 went on, reviewed row by row by a second hand (11 rows
fixed), committed (dc01546) and measured once on main at dc01546 with `python
benchmarks/sentence_checks.py --data benchmarks/data/sentences_final8.tsv --show`:

    check                    false alarms             caught  by any flag
    names                   7/304 = 2.3 %   139/149 = 93.3 %          139
    numbers                 1/304 = 0.3 %  104/104 = 100.0 %          104
    length_ratio            0/304 = 0.0 %     37/85 = 43.5 %           80
    dropped                 1/304 = 0.3 %     74/85 = 87.1 %           80
    untranslated            0/304 = 0.0 %     92/93 = 98.9 %           92
    length_or_dropped       1/304 = 0.3 %     77/85 = 90.6 %           80
    any                     9/304 = 3.0 %                  -            -
      names by kind: surname_as_word 38/38 = 100.0 %, exonym 26/28 = 92.9 %,
        word_by_word 15/22 = 68.2 %, swapped_place 20/20 = 100.0 %, first_name 13/14 =
        92.9 %, dropped_name 14/14 = 100.0 %, swapped_name 13/13 = 100.0 %
      untranslated by kind: whole 59/59 = 100.0 %, clause 33/34 = 97.1 %

One of names' seven false alarms was round 8's own:
a capital particle made a person even opening a sentence, so "De Koning en zijn gezin …" ->
"The King and his family" was flagged. Fixed after the measure (f208fc5: at a sentence's
start only when the article names that person after a first name); final8 with the fix:
names 6/304 = 2.0 %, and it now overstates.

final9 (`benchmarks/data/sentences_final9.tsv`): 273 sentences in 65 articles, thirteen new
registers, written while the fix above went in, reviewed row by row by a second hand (12 rows
fixed), kept outside the repository until all tuning ended, committed (b2d3eb0) and measured
once on main at b2d3eb0 with `python benchmarks/sentence_checks.py --data
benchmarks/data/sentences_final9.tsv --show` -- the figures on text never seen of the checks
as they are:

    check                    false alarms             caught  by any flag
    names                   3/273 = 1.1 %   110/115 = 95.7 %          110
    numbers                 3/273 = 1.1 %     61/64 = 95.3 %           61
    length_ratio            0/273 = 0.0 %     47/71 = 66.2 %           68
    dropped                 0/273 = 0.0 %     64/71 = 90.1 %           68
    untranslated            0/273 = 0.0 %    50/50 = 100.0 %           50
    length_or_dropped       0/273 = 0.0 %     68/71 = 95.8 %           68
    any                     6/273 = 2.2 %                  -            -
      names by kind: surname_as_word 34/34 = 100.0 %, word_by_word 15/20 = 75.0 %,
        exonym 18/18 = 100.0 %, swapped_place 13/13 = 100.0 %, first_name 10/10 = 100.0 %,
        swapped_name 10/10 = 100.0 %, dropped_name 10/10 = 100.0 %
      untranslated by kind: whole 28/28 = 100.0 %, clause 22/22 = 100.0 %

Every check meets both goals on it (<= 2 % false alarms, >= 90 % caught). Names' false alarms:
a festival and an association named after a date or a city's relief (Leidens Ontzet, 3
October Vereeniging), a Flemish provincial domain. Two of numbers' three were bugs, fixed
after the measure (a scale after "and a half", "a second" as the ordinal): final9 numbers
then 0/273, overstating.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = ROOT / "benchmarks" / "data" / "sentences_unseen.tsv"
# check (the sentence flag) -> the column holding the error planted for it
CHECKS = {"names": "names_err", "numbers": "numbers_err", "length_ratio": "dropped_err",
          "dropped": "dropped_err", "untranslated": "untranslated_err",
          "length_or_dropped": "dropped_err"}
# Checks that are one of several flags: the dropped clause is caught by either.
EITHER = {"length_or_dropped": ("length_ratio", "dropped")}
FLAG_NAMES = ("names", "numbers", "length_ratio", "dropped", "untranslated")
COLUMNS = ("article", "split", "register", "nl", "en", *dict.fromkeys(CHECKS.values()))
ABSENT = "-"


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of the labelled file as dicts by header name (comment lines skipped)."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    rows = [dict(row) for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)]
    for number, row in enumerate(rows, 2):
        missing = [c for c in COLUMNS if not (row.get(c) or "").strip()]
        if missing or None in row:
            raise ValueError(f"{path}: data line {number}: "
                             + (f"no {', '.join(missing)}" if missing else "too many columns"))
    return rows


def planted(row: dict[str, str], check: str) -> str | None:
    """The English with the error planted for `check`, or None where the row has none."""
    value = row[CHECKS[check]].strip()
    return None if value == ABSENT else value


def sub_kind(row: dict[str, str], check: str) -> str | None:
    """The labelled sub-kind of a planted error, where the data or the error tells one."""
    if check == "names":
        kind = (row.get("names_kind") or "").strip()
        return None if kind in ("", ABSENT) else kind
    if check == "untranslated":
        return "whole" if planted(row, check) == row["nl"] else "clause"
    return None


def fired(check: str, found: list[str]) -> bool:
    return any(flag in found for flag in EITHER.get(check, (check,)))


def sentence_checker():
    """flags(nl, en, context): the product's sentence flags with the default settings and no
    model score; and the article context maker."""
    from translate.config import QualityConfig
    from translate.checks.quality import ArticleContext, sentence_flags

    settings = QualityConfig()

    def flags(nl: str, en: str, context) -> list[str]:
        return sentence_flags(nl, en, None, False, settings, context)

    return flags, ArticleContext.of_texts


def measure(rows: list[dict[str, str]]) -> dict[str, dict]:
    """Per split (each row's own and `all`): per check its false alarms on the correct English
    and its catches on the errors planted for it, with the sentences behind each count."""
    flags, context_of = sentence_checker()
    articles: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        articles[row["article"]].append(row["nl"])
    contexts = {key: context_of(texts) for key, texts in articles.items()}

    def empty() -> dict:
        return {"correct": 0, "false_alarms": [], "planted": 0, "missed": [], "caught_by_any": 0,
                "kinds": defaultdict(lambda: [0, 0])}

    results: dict[str, dict] = defaultdict(lambda: {c: empty() for c in (*CHECKS, "any")})
    for row in rows:
        context = contexts[row["article"]]
        on_correct = [f for f in flags(row["nl"], row["en"], context) if f in FLAG_NAMES]
        caught = {}
        for check in CHECKS:
            if (altered := planted(row, check)) is not None:
                found = [f for f in flags(row["nl"], altered, context) if f in FLAG_NAMES]
                caught[check] = (altered, fired(check, found), bool(found))
        for split in (row["split"], "all"):
            for check in (*CHECKS, "any"):
                result = results[split][check]
                result["correct"] += 1
                if (bool(on_correct) if check == "any" else fired(check, on_correct)):
                    result["false_alarms"].append({"article": row["article"], "nl": row["nl"],
                                                   "en": row["en"], "flags": on_correct})
            for check, (altered, hit, any_hit) in caught.items():
                result = results[split][check]
                result["planted"] += 1
                result["caught_by_any"] += any_hit
                if not hit:
                    result["missed"].append({"article": row["article"], "nl": row["nl"],
                                             "altered": altered, "kind": sub_kind(row, check)})
                if (kind := sub_kind(row, check)) is not None:
                    result["kinds"][kind][0] += 1
                    result["kinds"][kind][1] += hit
    return results


def _rate(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def figures(result: dict) -> dict:
    """The counts and rates of one check on one split (rates in percent)."""
    correct, planted_ = result["correct"], result["planted"]
    alarms, caught = len(result["false_alarms"]), planted_ - len(result["missed"])
    row: dict = {"correct": correct, "false_alarms": alarms,
                 "false_alarm_rate": _rate(alarms, correct)}
    if planted_:
        row |= {"planted": planted_, "caught": caught, "catch_rate": _rate(caught, planted_),
                "caught_by_any": result["caught_by_any"]}
    if result["kinds"]:
        row["by_kind"] = {kind: {"planted": n, "caught": hit, "catch_rate": _rate(hit, n)}
                          for kind, (n, hit) in sorted(result["kinds"].items(),
                                                       key=lambda item: -item[1][0])}
    return row


def table(results: dict[str, dict], split: str | None = None) -> dict[str, dict]:
    """{split: {check: figures}}, the splits in data order and `all` last."""
    splits = [split] if split else [s for s in results if s != "all"] + ["all"]
    return {s: {check: figures(result) for check, result in results[s].items()}
            for s in splits if s in results}


def show(by_split: dict[str, dict]) -> str:
    lines = []
    for split, checks in by_split.items():
        lines += [split, f"{'check':<18} {'false alarms':>18} {'caught':>18} {'by any flag':>12}"]
        for check, f in checks.items():
            alarms = f"{f['false_alarms']}/{f['correct']} = {f['false_alarm_rate']:.1f} %"
            caught = f"{f['caught']}/{f['planted']} = {f['catch_rate']:.1f} %" \
                if "planted" in f else "-"
            by_any = str(f.get("caught_by_any", "-"))
            lines.append(f"{check:<18} {alarms:>18} {caught:>18} {by_any:>12}")
        for check, f in checks.items():
            if "by_kind" in f:
                kinds = ", ".join(f"{kind} {k['caught']}/{k['planted']} = {k['catch_rate']:.1f} %"
                                  for kind, k in f["by_kind"].items())
                lines.append(f"  {check} by kind: {kinds}")
        lines.append("")
    return "\n".join(lines).rstrip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--split", default=None, help="one split only (default: each, and all)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show", action="store_true", help="list false alarms and misses")
    args = parser.parse_args(argv)
    try:
        rows = read_rows(args.data)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        print(f"error: {args.data}: {exc}" if isinstance(exc, OSError) else f"error: {exc}",
              file=sys.stderr)
        return 2
    results = measure(rows)
    if args.split and args.split not in results:
        print(f"error: {args.data}: no split {args.split!r} (has {', '.join(results)})",
              file=sys.stderr)
        return 2
    by_split = table(results, args.split)
    print(json.dumps(by_split, indent=2) if args.json else show(by_split))
    if args.show:
        for split in by_split:
            for check, result in results[split].items():
                for item in result["false_alarms"]:
                    print(f"[{split} {check}] false alarm {item['flags']}: {item['nl']} | "
                          f"{item['en']}", file=sys.stderr)
                for item in result["missed"]:
                    kind = f" ({item['kind']})" if item["kind"] else ""
                    print(f"[{split} {check}] missed{kind}: {item['nl']} | {item['altered']}",
                          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
