import { App, t } from "skiffjs";

const Booking = t.Object({
  start: t.DateTime(), // an OffsetDateTime: a Date that remembers the offset it was sent with
  day: t.Date(), // a Date at UTC midnight
  checkIn: t.Time(), // the checked text, e.g. "15:30:00"
  stay: t.Duration(), // seconds, from "P1DT2H" or a number
  tags: t.Set(t.String()), // a Set: duplicates removed
  price: t.Decimal(), // the exact digits, as a string
});

export const app = new App().put("/bookings/{booking_id:uuid}", { body: Booking }, ({ path, body }) => ({
  booking_id: path.booking_id,
  start: body.start, // written back with the offset it came with
  end: new Date(body.start.getTime() + body.stay * 1000), // a plain Date: UTC, as JSON.stringify writes it
  offsetMinutes: body.start.offsetMinutes, // 330 for +05:30
  nights: Math.round(body.stay / 86_400),
  tags: body.tags, // a Set is sent as a JSON array
  price: body.price,
}));
