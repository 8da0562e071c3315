import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";
import { z } from "zod";
import { phoneInputSchema } from "@/lib/validation/fields";

/**
 * Phone numbers: any common written form in, E.164 out. Server-side: the "max"
 * metadata is large, and only it validates numbers exactly.
 */

/** Parses any common written form of a phone number into E.164, or undefined. */
export function toE164(input: string, defaultRegion: string): string | undefined {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultRegion as CountryCode);
  return parsed?.isValid() ? parsed.number : undefined;
}

/**
 * A stored (E.164) number as its owner writes it: in national form when it is in `defaultRegion`
 * ("(415) 555-2671"), else in international form ("+44 20 7946 0958").
 */
export function displayPhone(e164: string, defaultRegion: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.country === defaultRegion ? parsed.formatNational() : parsed.formatInternational();
}

/** A phone number schema for a region; the region comes from config, so it is built on demand. */
export function phoneNumberSchema(defaultRegion: string) {
  return phoneInputSchema
    .transform((value, ctx) => {
      const e164 = toE164(value, defaultRegion);
      if (!e164) {
        ctx.addIssue({ code: "custom", message: "That is not a valid phone number." });
        return z.NEVER;
      }
      return e164;
    })
    .meta({ description: "Any common written form; stored and returned as E.164", example: "+14155552671" });
}
