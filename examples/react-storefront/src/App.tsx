import { useState } from 'react';
import { LiveShopViewer, type LiveShopBuyEvent } from '@live-shop/react';
import { CartButton, CartDrawer, useCart } from './Cart';

/** A product page with the live show: Buy now goes into this shop's own cart, not live-shop's checkout. */
export function App({ server, show }: { server: string; show: string }) {
  const cart = useCart();
  const [cartOpen, setCartOpen] = useState(false);

  const onBuy = (event: LiveShopBuyEvent) => {
    // Taking over Buy now: the viewer opens no checkout (the click still counts in the show's analytics).
    event.preventDefault();
    cart.add(event.detail.product, event.detail.quantity);
  };

  return (
    <>
      <header>
        <div className="wrap">
          <a className="brand" href="/">
            Tideline <span>Coffee Supply</span>
          </a>
          <CartButton count={cart.count} open={cartOpen} onToggle={() => setCartOpen(!cartOpen)} />
        </div>
      </header>
      <main className="wrap">
        <div className="intro">
          <h1>Live brew bar</h1>
          <p>Shop what's on screen — it goes straight into your Tideline cart.</p>
        </div>
        {!show && (
          <p className="hint">
            Open this page as <code>?show=SHOW_ID</code>, or run <code>npm run example:react</code>.
          </p>
        )}
        <section className="show" aria-label="Live show">
          <LiveShopViewer server={server} show={show} productPlacement="below" onBuy={onBuy} />
        </section>
      </main>
      {cartOpen && <CartDrawer cart={cart} server={server} onClose={() => setCartOpen(false)} />}
      <p className="toast" role="status" aria-live="polite">
        {cart.status}
      </p>
      <footer>
        <div className="wrap">
          © Tideline Coffee Supply — a React example storefront for live-shop. Nothing here is for sale.
        </div>
      </footer>
    </>
  );
}
