/** GraphQL types of the snapshot parts a checkout preview shows and an order keeps. */
import { builder } from "../kernel/graphql/builder";
import type { OrderTaxLineSnapshot } from "./order-snapshot.types";

export const OrderTaxLineType = builder.objectRef<OrderTaxLineSnapshot>("OrderTaxLine").implement({
  description: "Tax of one kind (sales or excise) in one jurisdiction, over the whole order",
  fields: (t) => ({
    kind: t.exposeString("kind"),
    jurisdictionKey: t.exposeString("jurisdictionKey"),
    jurisdictionName: t.exposeString("jurisdictionName"),
    level: t.exposeString("level"),
    rates: t.exposeStringList("rates"),
    taxableAmount: t.field({ type: "Minor", resolve: (x) => x.taxableAmount }),
    tax: t.field({ type: "Minor", resolve: (x) => x.tax }),
  }),
});
