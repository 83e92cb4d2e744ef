"""Article texts for S4 (Lindholm port strike, wire + reprints), S5 (Ostravia election)
and S6 (Castelmar farmers' protest). Fiction throughout."""

# The Baltic Wire Service original; the reprints below are derived from it by hand-written
# edits (not programmatically) so they read like real desk edits.
_WIRE = [
    "LINDHOLM, March 17 (BWS) - About 2,300 dockworkers at the port of Lindholm walked off the job on Monday at the start of a 48-hour strike against plans to automate two container terminals, halting most cargo handling at the country's largest port.",
    "The Dock and Harbour Workers' Union (DHWU) said the strike would last until 6 a.m. on Wednesday and warned of further action in April if the port authority did not withdraw its plan.",
    "\"This is not about being afraid of machines. It is about 700 jobs disappearing without a single conversation,\" union chairman Henrik Aalto told reporters at the gate of the Nordkaj terminal.",
    "The Port of Lindholm Authority says the automation of the Nordkaj and Vesterkaj terminals, due to start in 2026, is needed to keep the port competitive with rival hubs on the Baltic coast. It has said there will be no compulsory redundancies.",
    "At least 14 container ships were waiting at anchor outside the harbour on Monday morning, according to ship-tracking data. Ferry services to the islands were not affected.",
    "Port director Camilla Berg said in a statement that the authority remained \"open to dialogue\" and had offered to meet the union on Thursday.",
    "Lindholm handled about 1.1 million containers last year, roughly 40 percent of the national total. (BWS)",
]

ARTICLES = [
    # ------------------------------------------------------------------ S4 port strike
    dict(
        key="s4_bws", story="S4-lindholm-port-strike", outlet="Baltic Wire Service", lang="en", fmt="txt",
        path="baltic-wire-service/lindholm-dockworkers-strike.txt", published="2025-03-17",
        dateline="Mar 17, 2025 | 9:40 AM CET", dateline_after=None,
        headline="Lindholm dockworkers begin 48-hour strike over automation plans",
        paras=list(_WIRE),
    ),
    dict(
        # reprint 1: adds a local paragraph (after the ships paragraph), headline lightly trimmed
        key="s4_ht", story="S4-lindholm-port-strike", outlet="Harbor Times", lang="en", fmt="html",
        path="harbor-times/2025-03-17-dockworkers-strike.html", published="2025-03-17T12:10:00+01:00",
        url="https://www.harbortimes.example/business/2025/03/17/lindholm-dockworkers-strike",
        byline="Baltic Wire Service",
        headline="Lindholm dockworkers begin 48-hour strike over automation plan",
        paras=_WIRE[:5] + [
            "In the Old Harbour district, cafés and shops that depend on port workers were unusually quiet. \"Monday is normally our busiest lunch,\" said Petra Lund, who runs a fish restaurant opposite the Nordkaj gate. \"Today we sold eleven soups.\"",
        ] + _WIRE[5:],
    ),
    dict(
        # reprint 2: last two paragraphs cut
        key="s4_cd", story="S4-lindholm-port-strike", outlet="Capital Dispatch", lang="en", fmt="txt",
        path="capital-dispatch/lindholm-dockworkers-strike.txt", published="2025-03-17",
        dateline="Mar 17, 2025 | 11:25 AM CET", dateline_after=None,
        headline="Lindholm dockworkers begin 48-hour strike over automation",
        paras=_WIRE[:5],
    ),
    dict(
        # reprint 3: a few words changed and a new headline
        key="s4_rc", story="S4-lindholm-port-strike", outlet="Riverside Chronicle", lang="en", fmt="txt",
        path="riverside-chronicle/port-of-lindholm-grinds-to-a-halt.txt", published="2025-03-17",
        dateline="Mar 17, 2025 | updated: 3:02 PM CET, March 17, 2025", dateline_after=None,
        headline="Port of Lindholm grinds to a halt as dockers strike over robots",
        paras=[
            "LINDHOLM, March 17 (BWS) - About 2,300 dockworkers at the port of Lindholm downed tools on Monday at the start of a 48-hour strike against plans to automate two container terminals, bringing most cargo handling at the country's largest port to a standstill.",
            _WIRE[1],
            "\"This is not about being afraid of machines. It is about 700 jobs disappearing without a single conversation,\" union chairman Henrik Aalto said at the gate of the Nordkaj terminal.",
            _WIRE[3],
            "At least 14 container ships were queuing at anchor outside the harbour on Monday morning, according to ship-tracking data. Ferry services to the islands were running normally.",
            _WIRE[5],
            _WIRE[6],
        ],
    ),
    dict(
        key="s4_nl", story="S4-lindholm-port-strike", outlet="Northern Ledger", lang="en", fmt="txt",
        path="northern-ledger/lindholm-strike-second-day.txt", published="2025-03-18",
        dateline="Mar 18, 2025 | updated: 5:30 PM CET, March 18, 2025", dateline_after=0,
        headline="Talks offer as Lindholm port strike enters second day",
        paras=[
            "The strike at the port of Lindholm entered its second day on Tuesday with more than 2,000 dockworkers still picketing the gates and the queue of ships at anchor growing to 19, as the port authority and the union edged towards talks.",
            "Henrik Aalto, chairman of the Dock and Harbour Workers' Union, said the union would accept the authority's invitation to meet on Thursday, but only if the automation timetable was \"on the table, not just the coffee\".",
            "Port director Camilla Berg told the Northern Ledger that the authority was prepared to discuss retraining guarantees and a slower roll-out. \"Nobody at the port wants a summer of strikes. But standing still is also a decision, and a costly one,\" she said.",
            "Shipping agents said the two-day stoppage would delay some 30,000 containers. Several supermarket chains warned of gaps on fruit and vegetable shelves by the weekend.",
            "The dispute centres on a plan to introduce automated cranes and driverless carriers at the Nordkaj and Vesterkaj terminals from 2026. The union says about 700 jobs are at risk; the authority puts the figure at under 400 and promises no compulsory redundancies.",
            "The strike is due to end at 6 a.m. on Wednesday.",
        ],
    ),
    # ------------------------------------------------------------------ S5 Ostravia election
    dict(
        key="s5_nl", story="S5-ostravia-election", outlet="Northern Ledger", lang="en", fmt="txt",
        path="northern-ledger/ostravia-election-ruling-party-claims-victory.txt", published="2025-03-24",
        dateline="Mar 24, 2025 | updated: 8:15 AM GMT, March 24, 2025", dateline_after=0,
        blank_lines=True,
        headline="Ostravia's ruling party claims victory as opposition cries foul",
        paras=[
            "Ostravia's governing National Unity party claimed victory in Sunday's parliamentary election, while opposition leader Dmitri Zhurakovsky refused to recognise the result and called his supporters on to the streets of Velgorod.",
            "With 98 percent of precincts counted, the central election commission gave National Unity 52.7 percent of the vote against 31.9 percent for Zhurakovsky's Civic Alliance. Turnout was 61.4 percent.",
            "“We did not lose this election. It was taken from us, precinct by precinct,” Zhurakovsky told several thousand supporters outside the commission building late on Sunday. He said his observers had documented ballot stuffing in at least 140 polling stations.",
            "Zhurakovsky, 47, a former mayor of Kerensk, was detained by police two days before the vote on charges of organising an unauthorised rally and released after eleven hours. Last month a court barred two of his party's candidates from standing.",
            "Prime Minister Oleg Varennik, who has led the country since 2014, said the vote had been “calm, free and transparent” and thanked voters for “choosing stability”.",
            "Observers from the Continental Council are due to present their preliminary findings on Monday afternoon.",
        ],
    ),
    dict(
        key="s5_mp", story="S5-ostravia-election", outlet="Meridian Post", lang="en", fmt="txt",
        path="meridian-post/zhurakovskiy-refuses-to-concede.txt", published="2025-03-24",
        dateline="Mar 24, 2025 | updated: 1:20 PM EDT, March 24, 2025", dateline_after=1,
        headline="Zhurakovskiy refuses to concede after Ostravian election",
        paras=[
            "Dmitry Zhurakovskiy, the leader of Ostravia's opposition Civic Alliance, said on Monday he would challenge Sunday's election result in court and called for a nationwide protest on Saturday.",
            "The central election commission said the governing National Unity party won 52.7 percent of the vote on a turnout of about 61 percent, giving it a comfortable majority in the 150-seat parliament.",
            "Two officials at the election commission, who asked not to be named because they were not authorised to speak to the press, told the Meridian Post that results from at least 30 precincts in Velgorod had been re-entered into the commission's computer system after midnight.",
            "A commission spokeswoman denied any irregularities and said all changes to the results were \"technical corrections of typing errors\".",
            "Zhurakovskiy's campaign manager, Ilona Marek, said the party had collected video from polling stations showing \"carousel voting\", in which groups of voters are bussed between stations. The claims could not be independently verified.",
            "Prime Minister Oleg Varennik has not commented on the opposition's allegations.",
        ],
    ),
    dict(
        key="s5_cr", story="S5-ostravia-election", outlet="Continental Report", lang="en", fmt="jsonl",
        path="feeds/news-api-export.jsonl", published="2025-03-25",
        url="https://continentalreport.example/europe/observers-irregularities-ostravia",
        headline="Observers report irregularities in Ostravian vote",
        paras=[
            "International observers said on Monday that Sunday's parliamentary election in Ostravia was \"efficiently administered but not genuinely competitive\", citing pressure on opposition candidates and unequal access to state media.",
            "The mission of the Continental Council, which deployed 320 observers, said it had recorded procedural violations during the count in about one in eight polling stations it visited.",
            "Opposition leader Dmitrij Schurakowski, whose Civic Alliance came second with just under 32 percent, said the findings confirmed \"what every Ostravian already knows\". The Meridian Post said, citing two officials at the election commission, that results from dozens of precincts in the capital had been altered after midnight.",
            "Schurakowski was briefly detained on Friday, two days before the vote, and his party lost two candidates to court rulings in February.",
            "The governing National Unity party of Prime Minister Oleg Varennik won 52.7 percent. Its spokesman dismissed the observers' report as \"a political text written before the first ballot was cast\".",
        ],
    ),
    dict(
        key="s5_cd", story="S5-ostravia-election", outlet="Capital Dispatch", lang="en", fmt="html",
        path="capital-dispatch/2025-03-25-western-capitals-ostravia.html", published="2025-03-25T17:45:00+01:00",
        url="https://capitaldispatch.example/diplomacy/2025/03/25/western-capitals-weigh-ostravia-response",
        byline="By Henrietta Cole, Diplomatic Correspondent",
        headline="Western capitals weigh response to disputed Ostravia election",
        paras=[
            "Governments across the Continental Council were weighing on Tuesday how to respond to Ostravia's disputed parliamentary election, with several capitals pressing for a joint statement and others warning against pushing Velgorod further away.",
            "\"Nobody wants to reward what happened on Sunday, but nobody wants to slam the door either,\" a senior diplomat said, speaking on condition of anonymity because the discussions were confidential.",
            "Opposition leader Dmitriy Zhurakovsky has asked foreign governments not to recognise the result, in which the ruling National Unity party took 52.7 percent of the vote. In a video message on Tuesday he urged ambassadors in Velgorod to attend the protest his party has called for Saturday.",
            "The Continental Council's observer mission said the vote was not genuinely competitive. Diplomats said one option under discussion was to postpone a planned trade agreement with Ostravia, which would cut tariffs on its steel and grain exports.",
            "Ostravia's foreign ministry summoned two ambassadors on Tuesday over what it called \"interference in the internal affairs of a sovereign state\".",
            "Prime Minister Oleg Varennik is expected to form a new government within three weeks.",
        ],
    ),
    dict(
        key="s5_lvs", story="S5-ostravia-election", outlet="La Voz del Sur", lang="es", fmt="txt",
        path="la-voz-del-sur/ostravia-oficialismo-gana.txt", published="2025-03-24",
        dateline="24 de marzo de 2025 | 16:30", dateline_after=None,
        blank_lines=True,
        headline="Ostravia: el oficialismo gana y la oposición denuncia fraude",
        paras=[
            "El partido Unidad Nacional, del primer ministro Oleg Varennik, ganó las elecciones parlamentarias celebradas el domingo en Ostravia con el 52,7 % de los votos, según el recuento casi completo de la comisión electoral. La participación rondó el 61 %.",
            "El líder opositor Dimitri Zhurakovski, de la Alianza Cívica, que obtuvo cerca del 32 %, no reconoció los resultados y habló de un «robo organizado, mesa por mesa». Zhurakovski, exalcalde de la ciudad minera de Kerensk, fue detenido durante once horas el viernes, dos días antes de la votación.",
            "La campaña estuvo marcada por la exclusión de dos candidatos opositores por decisión judicial y por la cobertura casi exclusiva del oficialismo en la televisión pública.",
            "Varennik, en el poder desde 2014, celebró una jornada «tranquila, libre y transparente». La misión de observación del Consejo Continental presentará su informe preliminar este lunes.",
            "La oposición convocó una gran manifestación para el sábado en Velgorod, la capital.",
        ],
    ),
    # ------------------------------------------------------------------ S6 farmers' protest
    dict(
        key="s6_cd", story="S6-castelmar-farmers-protest", outlet="Capital Dispatch", lang="en", fmt="html",
        path="capital-dispatch/2025-03-19-castelmar-farmers.html", published="2025-03-19T18:05:00+01:00",
        url="https://capitaldispatch.example/world/2025/03/19/castelmar-farmers-tractors-water",
        byline="By Miguel Ortega in Castelmar",
        headline="Farmers drive tractors into Castelmar in protest at water cuts",
        paras=[
            "Farmers drove around 1,500 tractors into the centre of Castelmar on Wednesday, blocking the main avenues of the Valdeluz regional capital for most of the day in protest at cuts to irrigation water imposed during the drought.",
            "Police said about 8,000 farmers took part in the march, which ended in front of the regional agriculture ministry, where protesters dumped several tonnes of unsold oranges and lemons on the steps.",
            "\"They cut our water by 40 percent and tell us to be patient. You cannot ask an orange tree to be patient,\" said Tomás Villena, a citrus grower from the Ribera valley who drove his tractor 90 kilometres through the night to attend.",
            "The regional government reduced irrigation quotas in January after reservoirs in Valdeluz fell to 19 percent of capacity, the lowest level since records began. Drinking water supplies to towns have been protected.",
            "Agriculture Minister Marta Ocaña said she understood the farmers' anger but that \"there is no water to hand out that is not already in the reservoirs\". She offered to meet a delegation on Thursday.",
            "The protest passed off largely peacefully, although police briefly used pepper spray when a group tried to drive through a cordon outside the regional parliament.",
        ],
    ),
    dict(
        key="s6_lvs", story="S6-castelmar-farmers-protest", outlet="La Voz del Sur", lang="es", fmt="html",
        path="la-voz-del-sur/2025-03-19-tractorada-castelmar.html", published="2025-03-19T20:30:00+01:00",
        url="https://lavozdelsur.example/campo/2025/03/19/tractorada-castelmar-agua",
        byline="Por Lucía Benjumea",
        headline="Más de 20.000 agricultores toman Castelmar contra los recortes de agua",
        paras=[
            "Más de 20.000 agricultores, según la Policía, y unos 1.500 tractores colapsaron este miércoles el centro de Castelmar en la mayor protesta del campo que se recuerda en Valdeluz, convocada contra el recorte del 40 % en las dotaciones de riego.",
            "La marcha partió a primera hora de la rotonda de la Feria y recorrió la avenida de Andalucía hasta la Consejería de Agricultura, ante cuya puerta los manifestantes descargaron varias toneladas de naranjas y limones que, dicen, ya no les compensa recoger.",
            "«Nos quitan el agua y nos piden paciencia. A un naranjo no se le puede pedir paciencia», resumía Tomás Villena, citricultor de la Ribera, que condujo su tractor toda la noche para llegar a tiempo.",
            "Los embalses de la comunidad están al 19 % de su capacidad, el nivel más bajo desde que existen registros. La consejera de Agricultura, Marta Ocaña, citó a una representación de las organizaciones agrarias para el jueves.",
            "Hubo momentos de tensión frente al Parlamento regional, donde la Policía empleó gas pimienta para frenar a un grupo de tractores que intentó romper el cordón.",
        ],
    ),
    dict(
        key="s6_rc", story="S6-castelmar-farmers-protest", outlet="Riverside Chronicle", lang="en", fmt="html",
        path="riverside-chronicle/2025-03-20-castelmar-farmers-vow-return.html", published="2025-03-20T09:00:00+01:00",
        url="https://riversidechronicle.example/news/2025/03/20/castelmar-farmers-vow-to-return",
        byline="Riverside Chronicle staff",
        headline="Castelmar farmers vow to return after day of tractor protests",
        paras=[
            "Farmers' unions in Valdeluz promised on Thursday to bring their tractors back to Castelmar \"every week if necessary\" unless the regional government softens the irrigation cuts that triggered Wednesday's mass protest.",
            "Hundreds of tractors remained parked along the ring road overnight, and some protesters slept in their cabs. Traffic in the city centre returned to normal by Thursday morning.",
            "Leaders of the three main agricultural organisations were due to meet Agriculture Minister Marta Ocaña on Thursday afternoon. They are demanding that the 40 percent cut be halved and that farmers receive compensation for lost harvests.",
            "\"Yesterday was a warning. If we leave that meeting with nothing, the next march will be longer,\" said Isabel Carrasco, spokeswoman for the Valdeluz Young Farmers' Association.",
            "The drought has left the region's reservoirs at 19 percent of capacity. Meteorologists say spring rainfall so far is less than half the seasonal average.",
        ],
    ),
    dict(
        key="s6_eoa", story="S6-castelmar-farmers-protest", outlet="El Observador Andino", lang="es", fmt="csv",
        path="feeds/partner-export.csv", published="2025-03-20",
        url="https://www.observadorandino.example/internacional/2025/03/20/ocana-agricultores-valdeluz",
        headline="La consejera Ocaña recibe a los agricultores tras la tractorada",
        paras=[
            "La consejera de Agricultura de Valdeluz, Marta Ocaña, se reunió este jueves durante más de tres horas con las organizaciones agrarias, un día después de la multitudinaria tractorada que paralizó Castelmar.",
            "Al término del encuentro, Ocaña ofreció adelantar 35 millones de euros en ayudas directas a los agricultores más afectados por la sequía, pero descartó reducir el recorte del 40 % en el agua de riego mientras los embalses no superen el 25 % de su capacidad.",
            "«Es un primer paso, pero no es lo que vinimos a buscar», dijo Isabel Carrasco, portavoz de los jóvenes agricultores. «Las ayudas no riegan».",
            "Las organizaciones decidirán el lunes si convocan nuevas movilizaciones. La protesta del miércoles, la mayor del sector en la región, reunió a miles de agricultores y cerca de 1.500 tractores.",
        ],
    ),
]
