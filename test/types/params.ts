// Type-level tests of src/params (checked by `tsc`): what handlers receive and what clients may send.
import { z } from "zod";
import * as v from "valibot";
import { t, type Infer, type InferInput, type ShapeInfer, type ShapeInferInput } from "../../src/params/schema.ts";
import type { UploadFile } from "../../src/params/upload-file.ts";
import { compileValidator } from "../../src/params/validator.ts";

type Expect<T extends true> = T;
type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;

const Item = t.Object({ name: t.String(), price: t.Number(), tags: t.Array(t.String(), { default: [] }) }, { $id: "Item" });

// The handler gets every property (defaults filled); a client may leave defaulted ones out.
type _item = Expect<Equal<Infer<typeof Item>, { name: string; price: number; tags: string[] }>>;
type _itemIn = Expect<Equal<InferInput<typeof Item>, { name: string; price: number; tags?: string[] }>>;

const WithOptional = t.Object({ id: t.Integer(), note: t.Optional(t.String()), level: t.Integer({ default: 1 }) });
type _opt = Expect<Equal<Infer<typeof WithOptional>, { id: number; note?: string; level: number }>>;
type _optIn = Expect<Equal<InferInput<typeof WithOptional>, { id: number; note?: string; level?: number }>>;

// Options other than `default` keep the type as it was.
const Bounded = t.Integer({ minimum: 1, maximum: 10 });
type _bounded = Expect<Equal<Infer<typeof Bounded>, number>>;
type _literal = Expect<Equal<Infer<ReturnType<typeof t.Literal<"a">>>, "a">>;
const Sort = t.Enum(["asc", "desc"], { default: "asc" });
type _enum = Expect<Equal<Infer<typeof Sort>, "asc" | "desc">>;
const Kind = t.Union([t.Literal("a"), t.Literal("b")], { default: "a" });
type _union = Expect<Equal<Infer<typeof Kind>, "a" | "b">>;

// t.File is an UploadFile in the handler, and composes like any schema.
const Avatar = t.File({ maxSize: 1_000, contentType: "image/*" });
type _file = Expect<Equal<Infer<typeof Avatar>, UploadFile>>;
type _files = Expect<Equal<Infer<ReturnType<typeof t.Array<typeof Avatar>>>, UploadFile[]>>;

// Param shapes: Optional params may be absent; defaulted ones are always present for the handler.
const query = { q: t.Optional(t.String()), limit: t.Integer({ default: 10, minimum: 1 }), ids: t.Array(t.Integer()) };
type _shape = Expect<Equal<ShapeInfer<typeof query>, { limit: number; ids: number[]; q?: string }>>;
type _shapeIn = Expect<Equal<ShapeInferInput<typeof query>, { ids: number[]; q?: string; limit?: number }>>;

// Standard Schemas: their own input and output types.
const ZodUser = z.object({ name: z.string(), age: z.coerce.number().default(0) });
type _zod = Expect<Equal<Infer<typeof ZodUser>, { name: string; age: number }>>;
type _zodIn = Expect<Equal<InferInput<typeof ZodUser>["name"], string>>;
const zodQuery = { page: z.coerce.number().optional(), term: z.string() };
type _zodShape = Expect<Equal<ShapeInfer<typeof zodQuery>, { term: string; page?: number | undefined }>>;
const ValibotUser = v.object({ name: v.string(), admin: v.optional(v.boolean(), false) });
type _valibot = Expect<Equal<Infer<typeof ValibotUser>, { name: string; admin: boolean }>>;

// compileValidator's result carries the schema's output type.
const validateItem = compileValidator(Item, ["body"]);
const result = validateItem({});
if (result.ok) {
  type _value = Expect<Equal<typeof result.value, { name: string; price: number; tags: string[] }>>;
  // @ts-expect-error not a property of Item
  result.value.password;
}

// @ts-expect-error t.File takes a size, not a string
t.File({ maxSize: "1mb" });
// @ts-expect-error a client must send required properties
const _missing: InferInput<typeof Item> = { price: 1 };
