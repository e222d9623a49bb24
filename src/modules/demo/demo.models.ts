// The demo organisation: invented, Danish, and marked as demo everywhere it shows.

export type DemoYear = { year: number; theme: string; sections: { heading: string; paragraphs: string[] }[]; foreword: string[] };

export const demoSite = {
  name: 'Eksempelforeningen (demo)',
  title: 'Eksempelforeningens beretninger',
  breadcrumb: ['Om foreningen', 'Organisation og ledelse'],
  intro:
    'Her på siden finder du Eksempelforeningens beretninger for de seneste fem år. Beretningerne fortæller om foreningens arbejde, resultater og økonomi. Alt indhold er opdigtet og vises som demo.',
  language: 'da',
  yearsShown: 5,
  // Danish public bodies publish their accessibility statement with the Agency for Digital Government's WAS tool.
  accessibilityUrl: 'https://www.was.digst.dk/',
  primaryColor: '#004b87',
};

const themes: Record<number, { theme: string; focus: string; result: string; next: string }> = {
  2017: { theme: 'digital borgerservice', focus: 'at gøre selvbetjeningen enklere for ældre borgere', result: 'en fælles løsning til digital post, som 40 medlemmer har taget i brug', next: 'at styrke samarbejdet om data på tværs af forvaltninger' },
  2018: { theme: 'klimatilpasning', focus: 'at beskytte lavtliggende byområder mod skybrud', result: 'en vejledning om regnvandsbassiner, som er hentet mere end 3.000 gange', next: 'at få klimahensyn ind i alle lokalplaner' },
  2019: { theme: 'den nære sundhed', focus: 'at flere borgere kan behandles tæt på deres eget hjem', result: 'otte nye sundhedshuse med fælles vagtordninger', next: 'at uddanne flere sygeplejersker til det nære sundhedsvæsen' },
  2020: { theme: 'beredskab og omstilling', focus: 'at holde velfærden kørende under en krise, ingen havde forudset', result: 'fælles retningslinjer for hjemmearbejde og digitale møder på under to uger', next: 'at fastholde de gode erfaringer med fleksible løsninger' },
  2021: { theme: 'det lokale demokrati', focus: 'at få flere unge til at stemme ved kommunalvalget', result: 'en valgdeltagelse blandt førstegangsvælgere, der steg med fire procentpoint', next: 'at inddrage borgerne tidligere i de store beslutninger' },
  2022: { theme: 'energi og forsyning', focus: 'at skære energiforbruget i offentlige bygninger', result: 'en besparelse på 18 procent i skoler, haller og rådhuse', next: 'at omstille de sidste oliefyr til fjernvarme og varmepumper' },
  2023: { theme: 'rekruttering til velfærden', focus: 'at tiltrække og fastholde medarbejdere i ældreplejen', result: 'en fælles indsats for faste stillinger, som har halveret brugen af vikarer', next: 'at give medarbejderne mere tid til kerneopgaven' },
  2024: { theme: 'børn og unges trivsel', focus: 'at styrke fællesskabet i skolen og i fritiden', result: 'et samarbejde med 120 foreninger om gratis fritidstilbud', next: 'at give flere unge en vej til uddannelse og job' },
};

export const demoYears: number[] = Object.keys(themes).map(Number).sort((a, b) => a - b);

export function createDemoYear(year: number): DemoYear {
  const t = themes[year];
  if (!t) throw new Error(`No demo content for ${year}`);
  const foreword = [
    `${year} blev året, hvor ${t.theme} for alvor kom på dagsordenen i Eksempelforeningen. Medlemmerne har arbejdet målrettet med ${t.focus}, og resultaterne kan ses i hverdagen hos både borgere og medarbejdere.`,
    `Vi er stolte af, at samarbejdet har ført til ${t.result}. Det viser, hvad vi kan, når vi deler viden og løfter i flok – også når økonomien er stram, og opgaverne vokser.`,
    `I denne beretning kan du læse om årets vigtigste resultater, om foreningens økonomi og om de politiske drøftelser, der har præget året. Du kan også læse om de udfordringer, der fortsat står foran os.`,
    `I det kommende år vil vi især arbejde for ${t.next}. Tak til alle medlemmer, samarbejdspartnere og medarbejdere for en stor indsats i ${year}.`,
  ];
  const sections = [
    { heading: 'Forord', paragraphs: foreword },
    {
      heading: `Årets tema: ${t.theme}`,
      paragraphs: [
        `Arbejdet med ${t.theme} har fyldt meget i ${year}. Foreningens udvalg har holdt temamøder, og medlemmerne har delt erfaringer om ${t.focus}.`,
        `En arbejdsgruppe med repræsentanter fra store og små medlemmer har samlet de bedste eksempler. Gruppens anbefalinger blev vedtaget af bestyrelsen i efteråret og er nu en del af foreningens strategi.`,
        `Erfaringerne viser, at lokale løsninger med borgeren i centrum giver de bedste resultater. Det gælder både i byerne og i landdistrikterne, hvor afstandene er større og ressourcerne færre.`,
      ],
    },
    {
      heading: 'Resultater',
      paragraphs: [
        `Det vigtigste resultat i ${year} er ${t.result}. Resultatet er opnået i et tæt samarbejde mellem medlemmerne, foreningens sekretariat og eksterne partnere.`,
        `Desuden har foreningen gennemført 42 kurser og konferencer med i alt 3.850 deltagere. Tilfredsheden var høj: 91 procent af deltagerne svarede, at de kunne bruge det lærte i deres arbejde.`,
      ],
    },
    {
      heading: 'Økonomi',
      paragraphs: [
        `Foreningens regnskab for ${year} viser et mindre overskud, som er overført til egenkapitalen. Kontingentet er uændret i forhold til året før.`,
        `Revisionen har ikke givet anledning til bemærkninger. Det fulde regnskab kan rekvireres hos sekretariatet.`,
      ],
    },
    {
      heading: 'Blik fremad',
      paragraphs: [
        `Foreningen går ind i ${year + 1} med en klar ambition: ${t.next}. Bestyrelsen har allerede sat arbejdet i gang, og medlemmerne bliver inddraget i løbet af foråret.`,
      ],
    },
  ];
  return { year, theme: t.theme, sections, foreword };
}
