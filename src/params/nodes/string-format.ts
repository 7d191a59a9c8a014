/**
 * `format` checks for string schemas. Formats pydantic has a type for (uuid, date, date-time, time, email, ipv4,
 * ipv6, uri/url) report pydantic's error; other formats TypeBox knows report `string_format`; unknown formats are
 * annotations only, as JSON Schema says.
 */
import Format from "typebox/format";
import { checkDateText, checkDateTimeText, checkTimeText, temporalMessage, type TemporalCheck } from "../temporal.ts";
import { uuidError } from "../uuid.ts";
import { type INVALID, report, type RunState } from "../run-state.ts";

/** Returns the accepted (possibly normalised) string, or INVALID after reporting. */
export type FormatCheck = (value: string, state: RunState) => string | typeof INVALID;

function temporal(check: (s: string) => TemporalCheck): FormatCheck {
  return (value, state) => {
    const result = check(value);
    if (result.ok) return result.value;
    const msg = temporalMessage(result.type, result.error);
    return report(state, result.type, msg, value, result.error === undefined ? undefined : { error: result.error });
  };
}

const uuid: FormatCheck = (value, state) => {
  const error = uuidError(value);
  return error === undefined ? value : report(state, "uuid_parsing", `Input should be a valid UUID, ${error}`, value, { error });
};

function emailReason(value: string): string {
  const at = value.lastIndexOf("@");
  if (at < 0) return "An email address must have an @-sign.";
  if (at === 0) return "There must be something before the @-sign.";
  if (at === value.length - 1) return "There must be something after the @-sign.";
  if (!value.slice(at + 1).includes(".")) return "The part after the @-sign is not valid. It should have a period.";
  return "The email address is not valid.";
}

const email: FormatCheck = (value, state) => {
  if (Format.IsEmail(value)) return value;
  const reason = emailReason(value);
  return report(state, "value_error", `value is not a valid email address: ${reason}`, value, { reason });
};

function simple(test: (s: string) => boolean, type: string, msg: string): FormatCheck {
  return (value, state) => (test(value) ? value : report(state, type, msg, value));
}

function urlReason(value: string): string {
  if (value === "") return "input is empty";
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(value) ? "invalid URL" : "relative URL without a base";
}

const url: FormatCheck = (value, state) => {
  if (Format.IsUri(value) || Format.IsUrl(value)) return value;
  const error = urlReason(value);
  return report(state, "url_parsing", `Input should be a valid URL, ${error}`, value, { error });
};

function generic(format: string): FormatCheck | undefined {
  if (!Format.Has(format)) return undefined;
  const msg = `String should match format '${format}'`;
  const ctx = { format };
  return (value, state) => (Format.Test(format, value) ? value : report(state, "string_format", msg, value, ctx));
}

export function formatCheck(format: unknown): FormatCheck | undefined {
  if (typeof format !== "string") return undefined;
  switch (format) {
    case "date":
      return temporal(checkDateText);
    case "date-time":
      return temporal(checkDateTimeText);
    case "time":
      return temporal(checkTimeText);
    case "uuid":
      return uuid;
    case "email":
    case "idn-email":
      return email;
    case "ipv4":
      return simple(Format.IsIPv4, "ip_v4_address", "Input is not a valid IPv4 address");
    case "ipv6":
      return simple(Format.IsIPv6, "ip_v6_address", "Input is not a valid IPv6 address");
    case "uri":
    case "url":
      return url;
    case "binary":
      return undefined;
    default:
      return generic(format);
  }
}
