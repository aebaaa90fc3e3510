import type { ImportedJourney, ImportStatus } from './model.ts';

const ORDER: readonly ImportStatus[] = ['unsupported', 'pending', 'approximated', 'mapped', 'ignored'];
const HEADINGS: Readonly<Record<ImportStatus, string>> = {
  unsupported: 'Not imported (unsupported)',
  pending: 'Mapped to metadata, needs an engine feature not on main yet',
  approximated: 'Mapped with a difference',
  mapped: 'Mapped',
  ignored: 'Ignored (no behaviour)',
};

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The import report as Markdown: counts, then every setting by status with where it went and why. */
export function renderReport(journey: ImportedJourney, outputFile: string): string {
  const counts = ORDER.map((status) => `${journey.report.filter((entry) => entry.status === status).length} ${status}`);
  const lines = [
    `# Import report: ${journey.name}`,
    '',
    `Source: \`${journey.sourceFile}\` → \`${outputFile}\` (journey \`${journey.id}\`, ${Object.keys(journey.states).length} states, ${Object.keys(journey.messages).length} messages).`,
    `Triggers: ${journey.triggers.join(', ')}. Settings: ${counts.join(', ')}.`,
  ];
  for (const status of ORDER) {
    const entries = journey.report.filter((entry) => entry.status === status);
    if (entries.length === 0) continue;
    lines.push('', `## ${HEADINGS[status]}`, '', '| Pinpoint | Here | Note |', '|---|---|---|');
    for (const entry of entries)
      lines.push(`| \`${cell(entry.path)}\` | ${entry.to ? `\`${cell(entry.to)}\`` : '—'} | ${cell(entry.note)} |`);
  }
  return `${lines.join('\n')}\n`;
}
