//! The phrase table: short phrases and the figures the extractor must read in them, with
//! the background, threat and possibility marks checked apart (`phrase_table` in
//! `tests/magnitude/main.rs`).

use sitrep::features::magnitude::Head;
use Head::{Displace, Kill, Wound};

/// Phrases and the figures they hold: (head, value); background figures are marked `bg`
/// in the phrase list below and checked separately.
pub const PHRASES: &[(&str, &[(Head, f64)])] = &[
    // numerals, with what they count after them
    ("45 civilians were killed", &[(Kill, 45.0)]),
    ("At least 45 civilians were killed", &[(Kill, 45.0)]),
    // a new event: an indefinite article, or a clause set off by a comma
    (
        "A bomb that killed 12 people exploded in the market",
        &[(Kill, 12.0)],
    ),
    (
        "The blast, which killed 12 people, ripped through the market",
        &[(Kill, 12.0)],
    ),
    // a year in another clause dates nothing
    (
        "Marking the 2004 accords, the minister said 12 soldiers were killed on Monday",
        &[(Kill, 12.0)],
    ),
    (
        "Some 800,000 Rohingya have sought refuge in Bangladesh",
        &[(Displace, 800_000.0)],
    ),
    (
        "Of the 256,000 people displaced, half are children",
        &[(Displace, 256_000.0)],
    ),
    (
        "1.2 million people have been displaced",
        &[(Displace, 1_200_000.0)],
    ),
    ("an estimated 1.2m people have fled", &[(Displace, 1_200_000.0)]),
    ("2.3 mln people were uprooted", &[(Displace, 2_300_000.0)]),
    ("12 dead in overnight strikes", &[(Kill, 12.0)]),
    ("300 bodies were recovered", &[(Kill, 300.0)]),
    ("23 fatalities were reported", &[(Kill, 23.0)]),
    ("the attack claimed 60 lives", &[(Kill, 60.0)]),
    ("17 people were wounded", &[(Wound, 17.0)]),
    ("11 people were hurt", &[(Wound, 11.0)]),
    ("40,000 people were evacuated", &[(Displace, 40_000.0)]),
    ("20,000 refugees arrived", &[(Displace, 20_000.0)]),
    ("5,000 IDPs", &[(Displace, 5_000.0)]),
    ("left 20,000 people homeless", &[(Displace, 20_000.0)]),
    ("2,300 new arrivals", &[(Displace, 2_300.0)]),
    ("300 families took shelter in a school", &[(Displace, 300.0)]),
    ("90 households were forced from their homes", &[(Displace, 90.0)]),
    ("60 families were forced to flee", &[(Displace, 60.0)]),
    ("left 12 people dead", &[(Kill, 12.0)]),
    ("9 soldiers are feared dead", &[(Kill, 9.0)]),
    ("45 people are believed to have died", &[(Kill, 45.0)]),
    ("45 of its soldiers died", &[(Kill, 45.0)]),
    ("250,000 flee in a week", &[(Displace, 250_000.0)]),
    ("Syria Says 45 Killed In Raid", &[(Kill, 45.0)]),
    // heads before the figure
    ("killing more than 300 worshippers", &[(Kill, 300.0)]),
    ("displacing 60,000", &[(Displace, 60_000.0)]),
    ("the strike killed 45 people", &[(Kill, 45.0)]),
    ("Drone strike kills 12 at a wedding", &[(Kill, 12.0)]),
    ("Clashes displace 20,000", &[(Displace, 20_000.0)]),
    ("Car bomb wounds 23", &[(Wound, 23.0)]),
    ("the blast injured 32 people", &[(Wound, 32.0)]),
    ("militias executed 17 men", &[(Kill, 17.0)]),
    ("the army evacuated 35,000 residents", &[(Displace, 35_000.0)]),
    (
        "the fighting has forced 60,000 people from their homes",
        &[(Displace, 60_000.0)],
    ),
    ("the death toll rose to 87", &[(Kill, 87.0)]),
    ("the toll has climbed to more than 150", &[(Kill, 150.0)]),
    ("put the death toll at 1,200", &[(Kill, 1_200.0)]),
    ("a death toll of 300", &[(Kill, 300.0)]),
    ("the massacre of 300 villagers", &[(Kill, 300.0)]),
    ("the deaths of 45 people", &[(Kill, 45.0)]),
    (
        "the number of displaced people has risen to 2.1 million",
        &[(Displace, 2_100_000.0)],
    ),
    ("brings to 212 the number of people killed", &[(Kill, 212.0)]),
    ("fled in their thousands", &[(Displace, 1_000.0)]),
    // number words and vague quantities
    ("forty people were killed", &[(Kill, 40.0)]),
    ("Forty-two people were killed", &[(Kill, 42.0)]),
    ("two dozen villagers were massacred", &[(Kill, 24.0)]),
    ("three hundred people were evacuated", &[(Displace, 300.0)]),
    ("a hundred families fled", &[(Displace, 100.0)]),
    (
        "two hundred and fifty civilians had been killed",
        &[(Kill, 250.0)],
    ),
    ("half a million people have fled", &[(Displace, 500_000.0)]),
    ("Ten thousand people took shelter", &[(Displace, 10_000.0)]),
    ("tens of people were hurt", &[]),
    ("dozens were killed", &[(Kill, 12.0)]),
    ("scores of people were wounded", &[(Wound, 20.0)]),
    ("hundreds of families fled", &[(Displace, 100.0)]),
    ("thousands of people were displaced", &[(Displace, 1_000.0)]),
    (
        "tens of thousands of people have been displaced",
        &[(Displace, 10_000.0)],
    ),
    ("hundreds of thousands have fled", &[(Displace, 100_000.0)]),
    (
        "several hundred thousand people have fled",
        &[(Displace, 300_000.0)],
    ),
    ("a few hundred thousand were uprooted", &[(Displace, 200_000.0)]),
    ("several civilians were killed", &[(Kill, 3.0)]),
    ("a few hundred residents were evacuated", &[(Displace, 200.0)]),
    ("several thousand people have fled", &[(Displace, 3_000.0)]),
    ("about a dozen people were wounded", &[(Wound, 12.0)]),
    // qualifiers and ranges
    ("more than 120 people were killed", &[(Kill, 120.0)]),
    ("nearly 100 people were killed", &[(Kill, 99.0)]),
    ("almost 1,000 civilians have been killed", &[(Kill, 999.0)]),
    ("up to 5,000 people may have fled", &[(Displace, 4_999.0)]),
    ("as many as 200 fighters had been killed", &[(Kill, 200.0)]),
    ("between 40 and 60 people died", &[(Kill, 40.0)]),
    ("120-150 fighters were killed", &[(Kill, 120.0)]),
    ("between 15,000 and 20,000 people fled", &[(Displace, 15_000.0)]),
    (
        "1.2 to 1.5 million people have been displaced",
        &[(Displace, 1_200_000.0)],
    ),
    // two figures
    ("12 people dead and 40 wounded", &[(Kill, 12.0), (Wound, 40.0)]),
    (
        "killed 8 soldiers and displaced 12,000 villagers",
        &[(Kill, 8.0), (Displace, 12_000.0)],
    ),
    (
        "killed 14 and injured dozens more",
        &[(Kill, 14.0), (Wound, 12.0)],
    ),
    ("Five soldiers killed 12 militants", &[(Kill, 12.0)]),
    // not counts of people
    ("in 2015 the war", &[]),
    ("killed in 2019", &[]),
    ("a 14-year-old boy was killed", &[]),
    ("the journalist, aged 34, died", &[]),
    ("$3bn in aid for the displaced", &[]),
    ("USD 40 million to help refugees", &[]),
    ("M23 rebels seized two villages", &[]),
    ("the 33rd Brigade was hit", &[]),
    ("near Route 7", &[]),
    ("40 per cent of the displaced", &[]),
    ("40% of the displaced", &[]),
    ("hit 3 km from the crossing, killing the driver", &[]),
    ("12 miles from the front", &[]),
    ("40 tonnes of food", &[]),
    ("at 3 am", &[]),
    ("on 16 January 45", &[]),
    ("He was jailed for 15 years", &[]),
    ("The F-16 jets struck", &[]),
    ("No one was killed", &[]),
    ("300 people were rescued", &[]),
    ("4,000 homes were destroyed", &[]),
    ("abducted 30 students", &[]),
    ("the 2,000-strong force", &[]),
    // situation-report shapes: restatements in people, shelters, camps, South Asian counts
    (
        "About 640 households (roughly 3,900 people) were displaced",
        &[(Displace, 3_900.0)],
    ),
    (
        "Some 1,150 families, or about 6,700 people, were evacuated",
        &[(Displace, 6_700.0)],
    ),
    (
        "the fighting displaced 300 families (1,800 people)",
        &[(Displace, 1_800.0)],
    ),
    (
        "This brings to 48,000 the total number of people displaced",
        &[(Displace, 48_000.0)],
    ),
    (
        "Some 95,000 residents were ordered to evacuate",
        &[(Displace, 95_000.0)],
    ),
    (
        "Roughly 4,300 people are sheltering in schools",
        &[(Displace, 4_300.0)],
    ),
    (
        "Fighting caused 27,000 new displacements",
        &[(Displace, 27_000.0)],
    ),
    (
        "the relocation of about 3,000 people to the district town",
        &[(Displace, 3_000.0)],
    ),
    (
        "Over 3 lakh people have been shifted to relief camps",
        &[(Displace, 300_000.0)],
    ),
    (
        "Police relocated 2,14,560 people from low-lying areas",
        &[(Displace, 214_560.0)],
    ),
    (
        "Heavy rains destroyed 2,100 houses and left about 11,000 people homeless",
        &[(Displace, 11_000.0)],
    ),
    // a figure restated by a crowd size is not a restatement of people displaced
    ("1,000 protesters (and dozens of police)", &[]),
    // a smaller figure in the parenthesis is a part, not a restatement
    (
        "Gunmen killed 12 soldiers (five of them officers) at the post",
        &[(Kill, 12.0)],
    ),
    // `dead` after a verb, drowning, a possessive before the figure
    ("police shot dead 2 suspected robbers", &[(Kill, 2.0)]),
    ("Between 40 and 60 migrants drowned", &[(Kill, 40.0)]),
    ("a drone strike killed its 3 occupants", &[(Kill, 3.0)]),
    // a figure after `and` with a verb of its own counts something else
    (
        "40 migrants drowned, and 23 survivors were pulled from the water",
        &[(Kill, 40.0)],
    ),
    (
        "27,000 people are sheltering in schools, and another 14,500 are staying with relatives",
        &[(Displace, 27_000.0), (Displace, 14_500.0)],
    ),
    // official and regional words for killing (codebook, round 23)
    (
        "troops neutralised 35 terrorists in the operation",
        &[(Kill, 35.0)],
    ),
    ("Twelve soldiers were martyred in the attack", &[(Kill, 12.0)]),
    (
        "Militants gunned down 14 passengers on the highway",
        &[(Kill, 14.0)],
    ),
    ("14 passengers were gunned down", &[(Kill, 14.0)]),
    ("Twelve farmers were hacked to death", &[(Kill, 12.0)]),
    ("12 men were sentenced to death", &[]),
    ("The blast claimed the lives of 140 people", &[(Kill, 140.0)]),
    ("Medics saved the lives of 40 people", &[]),
    ("Lakhs of people have fled their homes", &[(Displace, 100_000.0)]),
    (
        "Some 120 000 people have fled since Monday",
        &[(Displace, 120_000.0)],
    ),
    (
        "The floods displaced 1 200 000 people",
        &[(Displace, 1_200_000.0)],
    ),
];

/// Background figures: the head they count.
pub const BACKGROUND: &[(&str, Head)] = &[
    ("The war has killed more than 500,000 people since 2011.", Kill),
    (
        "Since the war began, more than 6 million people have fled.",
        Displace,
    ),
    ("So far this year, 3,400 civilians have been killed.", Kill),
    // a year's tally of killings stays background, unlike a year's flight (codebook)
    (
        "Since the start of the year, 1,200 people have been killed.",
        Kill,
    ),
    (
        "About 600,000 people have been displaced since fighting erupted in April.",
        Displace,
    ),
    ("The insurgency has killed 40,000 people.", Kill),
    ("A 52-year conflict that has claimed 220,000 lives.", Kill),
    (
        "The insurgency, which has claimed over 30,000 lives, goes on.",
        Kill,
    ),
    ("The country hosts 3.5 million refugees.", Displace),
    ("Last year, 1.1 million people were displaced.", Displace),
    ("300,000 people remain displaced.", Displace),
    ("Thousands of people were killed in the war's first year.", Kill),
    (
        "A court acquitted five suspects in the 1994 bombing of a community centre that killed 85 people.",
        Kill,
    ),
    ("Their 2017 attack on the market left 40 people dead.", Kill),
    (
        "Three police officers were charged over the school siege that killed 330 people.",
        Kill,
    ),
    (
        "He claimed the school siege, during which more than 330 people died.",
        Kill,
    ),
    (
        "Officers were charged in connection with the school hostage-taking that left 360 people dead.",
        Kill,
    ),
    (
        "He took responsibility for the attacks that have killed more than 400 people.",
        Kill,
    ),
    (
        "Some 100,000 people have been killed since the coalition invaded the country in March 2003.",
        Kill,
    ),
    (
        "Up to 70,000 people have died in the region since a rebellion began 20 months ago.",
        Kill,
    ),
    ("Rebels killed 300 people in the town in March 2003.", Kill),
    (
        "The country on Monday mourned the deaths of hundreds of children.",
        Kill,
    ),
    (
        "Thousands attended funerals for the 45 people killed in the bombing.",
        Kill,
    ),
    (
        "The city marked the anniversary of the massacre of 300 villagers.",
        Kill,
    ),
];

/// Figures of the event being reported, which the background rules must leave alone.
pub const NOT_BACKGROUND: &[(&str, Head)] = &[
    ("70 people were killed since Friday.", Kill),
    (
        "This brings to 180,000 the number displaced since fighting began on 2 May.",
        Displace,
    ),
    (
        "More than 2,000 people have fled since the offensive began three weeks ago.",
        Displace,
    ),
    ("Since 16 January, 40,000 people have fled the town.", Displace),
    ("In May, 4,000 people fled the town.", Displace),
    ("A bomb that killed 12 people exploded in the market.", Kill),
    (
        "The blast, which killed 12 people, ripped through the market.",
        Kill,
    ),
    (
        "The agency estimates that 340,000 people have been forced to leave their homes.",
        Displace,
    ),
    (
        "A suicide bomber struck a funeral procession killing 30 people.",
        Kill,
    ),
    ("The strikes that hit the city killed 40 people.", Kill),
    // a total of flight from the start of the current year is the current wave (codebook)
    (
        "Since the start of the year, 250,000 people have fled the fighting.",
        Displace,
    ),
    (
        "Some 1.2m people have been forced from their homes this year.",
        Displace,
    ),
    ("Since January, 40,000 people have fled the town.", Displace),
];

/// Threats, warnings and possibilities: each phrase's figures are all marked hypothetical,
/// with the head given.
pub const MAYBE: &[(&str, Head)] = &[
    ("Heavy rains could displace up to 200,000 people", Displace),
    ("A million people could be displaced if the dam fails", Displace),
    ("The kidnappers threatened to kill 50 hostages", Kill),
    (
        "an assault could force as many as 500,000 people to flee",
        Displace,
    ),
    (
        "Officials fear that 3,000 families may flee if the fighting spreads",
        Displace,
    ),
    ("The army will evacuate 3,000 residents next week", Displace),
];

/// Reported events that a nearby modal must not turn into possibilities.
pub const NOT_MAYBE: &[(&str, Head)] = &[
    (
        "The commission will investigate the deaths of 12 protesters",
        Kill,
    ),
    (
        "Shelling killed 14 people, officials said, and the toll could rise",
        Kill,
    ),
    ("In May, 4,000 people fled the town", Displace),
    ("Up to 50,000 people may have been killed in the siege", Kill),
];
