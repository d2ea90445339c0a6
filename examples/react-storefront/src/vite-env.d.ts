interface ImportMetaEnv {
  readonly VITE_LIVE_SHOP_SERVER?: string;
  readonly VITE_LIVE_SHOP_SHOW?: string;
}
