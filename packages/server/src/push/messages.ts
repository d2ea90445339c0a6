/**
 * The reminder's body, in the languages the elements speak (their catalogs are the browser's; this one
 * line is written by the server, which alone knows when the show goes live). Title = the show's title.
 */
const LIVE_NOW: Record<string, string> = {
  en: 'Live now: tap to watch and shop.',
  ar: 'مباشر الآن: اضغط للمشاهدة والتسوق.',
  de: 'Jetzt live: Tippen zum Ansehen und Einkaufen.',
  es: 'En directo ahora: toca para ver y comprar.',
  fr: 'En direct : touchez pour regarder et acheter.',
  ja: 'ライブ配信中：タップして視聴・購入できます。',
  'pt-BR': 'Ao vivo agora: toque para assistir e comprar.',
};

/** `lang` as the browser said it (`pt-BR`, `de-AT`, `fr`): exact, then the language alone, else English. */
export function liveNowBody(lang: string | null | undefined): string {
  if (!lang) return LIVE_NOW.en!;
  const exact = Object.keys(LIVE_NOW).find((l) => l.toLowerCase() === lang.toLowerCase());
  const base = lang.split('-')[0]!.toLowerCase();
  return LIVE_NOW[exact ?? base] ?? (base === 'pt' ? LIVE_NOW['pt-BR']! : LIVE_NOW.en!);
}
