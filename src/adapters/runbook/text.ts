// The runbook's building blocks: a procedure (English and French side by side), bold UI labels, code spans
// for the model's values, notes, and the Start-menu paths the seed repeats.
export type Line = string | { note: string };

export interface RunbookStep {
  /** Stable title (English), also the change's object. */
  title: string;
  titleFr: string;
  /** Why this procedure, in the seed's words (a paragraph before the steps). */
  introEn?: string;
  introFr?: string;
  en: Line[];
  fr: Line[];
  /** Objects of the windows2003 / exchange-ems plans this step configures; empty: cannot be observed. */
  objects: string[];
}

/** A UI label (menu, tab, box, button) as the console shows it. */
export const b = (s: string) => `**${s}**`;
/** A value from the model. */
export const c = (s: string) => `\`${s.replace(/`/g, "'")}\``;
export const note = (text: string): Line => ({ note: text });
export const list = (items: string[], en = true) => {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${en ? 'and' : 'et'} ${items[items.length - 1]}`;
};

export const systemManager = {
  en: `Click ${b('Start')}, point to ${b('All Programs')}, point to ${b('Microsoft Exchange')}, and then click ${b('System Manager')}.`,
  fr: `Cliquez sur ${b('Démarrer')}, pointez sur ${b('Tous les programmes')}, pointez sur ${b('Microsoft Exchange')}, puis cliquez sur ${b('Gestionnaire système')}.`,
};

export const iisManager = (server: string) => ({
  en: `On ${c(server)}, click ${b('Start')}, point to ${b('All Programs')}, point to ${b('Administrative Tools')}, and then click ${b('Internet Information Services (IIS) Manager')}.`,
  fr: `Sur ${c(server)}, cliquez sur ${b('Démarrer')}, pointez sur ${b('Tous programmes')}, puis sur ${b("Outils d'administration")}, puis cliquez sur ${b('Gestionnaire des services Internet (IIS)')}.`,
});

/** The Properties of the POP3 server's SMTP virtual server in IIS Manager. */
export const iisVirtualServerProperties = (server: string) => ({
  en: `Expand ${b('Internet Information Services (IIS)')}, then ${c(server)}, right-click your SMTP virtual server, and then click ${b('Properties')}.`,
  fr: `Développez ${b('Services Internet (IIS)')}, puis ${c(server)}, cliquez avec le bouton droit de la souris sur votre serveur virtuel SMTP, puis cliquez sur ${b('Propriétés')}.`,
});
