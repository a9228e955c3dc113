import { channels, DEFAULT_STRATEGIES } from "../../shared/channels";
import type { Executor } from "../../shared/kernel/db";

export async function seedChannels(db: Executor): Promise<void> {
  await db
    .insert(channels)
    .values([
      {
        code: "b2b",
        name: "Wholesale",
        commerceMode: "b2b",
        loginWallMode: "login_to_price",
        guestCheckout: false,
        baseCurrency: "USD",
        supportedCurrencies: ["USD", "CAD", "MXN"],
        defaultLocale: "en-US",
        strategies: { ...DEFAULT_STRATEGIES },
        hosts: ["wholesale.localhost"],
      },
      {
        code: "b2c",
        name: "Retail",
        commerceMode: "b2c",
        loginWallMode: "open",
        guestCheckout: true,
        baseCurrency: "USD",
        supportedCurrencies: ["USD", "EUR", "GBP", "JPY", "CAD"],
        defaultLocale: "en-US",
        strategies: { ...DEFAULT_STRATEGIES },
        hosts: ["shop.localhost"],
      },
      {
        code: "hybrid",
        name: "Trade & Retail",
        commerceMode: "hybrid",
        loginWallMode: "open",
        guestCheckout: true,
        baseCurrency: "USD",
        supportedCurrencies: ["USD", "CAD"],
        defaultLocale: "en-US",
        strategies: { ...DEFAULT_STRATEGIES },
      },
    ])
    .onConflictDoNothing({ target: channels.code });
}
