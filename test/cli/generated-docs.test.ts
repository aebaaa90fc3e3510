import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { journeyDiagram } from '../../cli/journey-diagram.ts';
import { cartJourney } from '../../journeys/cart.ts';
import { journeyDefinitions } from '../../journeys/index.ts';
import { eventJsonSchemas, serialise } from '../../scripts/json-schemas.ts';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('journey diagrams', () => {
  it('draws states, delays with their durations, guards and the messages each state sends', () => {
    const diagram = journeyDiagram(cartJourney);
    expect(diagram).toContain('[*] --> cartIdle');
    expect(diagram).toContain('cartIdle --> reminded: after reminderGap (1 h)');
    expect(diagram).toContain(
      'reminded --> lastChanceSent: after lastChanceGap (23 h) [inCouponGroup] / send lastChanceWithCoupon',
    );
    expect(diagram).toContain(
      'reminded: reminded — sends cartReminder (promotional KR kakao→email, else email, cart-reminder)',
    );
    expect(diagram).toContain('converted --> [*]');
  });

  it.each(journeyDefinitions.map((journey) => [journey.id]))(
    'docs/journeys/%s.md is up to date (npm run diagrams)',
    (id) => {
      const journey = journeyDefinitions.find((definition) => definition.id === id)!;
      expect(read(`docs/journeys/${id}.md`)).toContain(journeyDiagram(journey).trimEnd());
    },
  );
});

describe('JSON Schemas for publishers', () => {
  it.each(Object.entries(eventJsonSchemas()))(
    'schemas/%s.schema.json is up to date (npm run schemas)',
    (type, schema) => {
      expect(read(`schemas/${type}.schema.json`)).toBe(serialise(schema));
    },
  );

  it('carries the PCCC and E.164 rules so other languages validate the same way', () => {
    const profile = eventJsonSchemas()['customer.profile_updated'] as {
      properties: { contact: { properties: Record<string, { pattern?: string }> } };
    };
    expect(profile.properties.contact.properties.pccc?.pattern).toBe('^P\\d{12}$');
    expect(profile.properties.contact.properties.phone?.pattern).toBe('^\\+[1-9]\\d{6,14}$');
  });
});
