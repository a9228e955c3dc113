import { builder } from "../kernel/graphql/builder";
import type { CountryRow, SubdivisionRow } from "./geo.tables";

export const CountryType = builder.objectRef<CountryRow>("Country").implement({
  description: "An ISO 3166-1 country",
  fields: (t) => ({
    code: t.exposeString("code", { description: "ISO 3166-1 alpha-2" }),
    alpha3: t.exposeString("alpha3"),
    numeric: t.exposeString("numeric"),
    name: t.exposeString("name"),
  }),
});

export const SubdivisionType = builder.objectRef<SubdivisionRow>("Subdivision").implement({
  description: "An ISO 3166-2 subdivision (state, province, region…)",
  fields: (t) => ({
    code: t.exposeString("code", { description: "ISO 3166-2, e.g. US-CA" }),
    countryCode: t.exposeString("countryCode"),
    parentCode: t.exposeString("parentCode", { nullable: true }),
    name: t.exposeString("name"),
  }),
});

builder.queryFields((t) => ({
  countries: t.field({
    subGraphs: ["shop", "admin"],
    type: [CountryType],
    description: "Every ISO 3166-1 country, by name",
    resolve: (_r, _a, ctx) => ctx.services.geo.countries(),
  }),
  subdivisions: t.field({
    subGraphs: ["shop", "admin"],
    type: [SubdivisionType],
    description: "The ISO 3166-2 subdivisions of a country, by code",
    args: { country: t.arg.string({ required: true }) },
    resolve: (_r, { country }, ctx) => ctx.services.geo.subdivisions(country),
  }),
}));
