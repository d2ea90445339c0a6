import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { formatPrice, type Product } from '@live-shop/elements';

export interface CartLine {
  id: string;
  title: string;
  imageUrl: Product['imageUrl'];
  price: Product['price'];
  quantity: number;
}

type Action = { type: 'add'; product: Product; quantity: number } | { type: 'remove'; id: string };

function reduce(lines: readonly CartLine[], action: Action): readonly CartLine[] {
  if (action.type === 'remove') return lines.filter((line) => line.id !== action.id);
  const { product, quantity } = action;
  if (!lines.some((line) => line.id === product.id))
    return [
      ...lines,
      { id: product.id, title: product.title, imageUrl: product.imageUrl, price: product.price, quantity },
    ];
  return lines.map((line) => (line.id === product.id ? { ...line, quantity: line.quantity + quantity } : line));
}

const items = (n: number) => `${n} ${n === 1 ? 'item' : 'items'}`;

/** The shop's own cart: what Buy now in the show adds to, with a message for screen readers and the toast. */
export function useCart() {
  const [lines, dispatch] = useReducer(reduce, []);
  const [status, setStatus] = useState('');
  const count = lines.reduce((n, line) => n + line.quantity, 0);
  const add = useCallback((product: Product, quantity: number) => {
    dispatch({ type: 'add', product, quantity });
    setStatus(`Added ${product.title} to your cart.`);
  }, []);
  const remove = useCallback((line: CartLine) => {
    dispatch({ type: 'remove', id: line.id });
    setStatus(`Removed ${line.title}.`);
  }, []);
  // The toast goes away on its own; the cart keeps its count.
  useEffect(() => {
    if (!status) return;
    const timer = setTimeout(() => setStatus(''), 4000);
    return () => clearTimeout(timer);
  }, [status]);
  return { lines, count, status: status && `${status} ${items(count)} in your cart.`, add, remove };
}

function subtotal(lines: readonly CartLine[]): string {
  const byCurrency = new Map<string, number>();
  for (const { price, quantity } of lines)
    byCurrency.set(price.currency, (byCurrency.get(price.currency) ?? 0) + price.amount * quantity);
  if (!byCurrency.size) return formatPrice({ amount: 0, currency: 'USD' }, 'en-US');
  return [...byCurrency].map(([currency, amount]) => formatPrice({ amount, currency }, 'en-US')).join(' + ');
}

export function CartButton({ count, open, onToggle }: { count: number; open: boolean; onToggle: () => void }) {
  return (
    <button
      className="cart-button"
      type="button"
      aria-controls="cart"
      aria-expanded={open}
      aria-label={`Cart, ${items(count)}`}
      onClick={onToggle}
    >
      Cart <span className="badge">{count}</span>
    </button>
  );
}

export function CartDrawer({
  cart,
  server,
  onClose,
}: {
  cart: ReturnType<typeof useCart>;
  server: string;
  onClose: () => void;
}) {
  const [note, setNote] = useState('');
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), []);
  return (
    <aside className="drawer" id="cart" aria-labelledby="cart-title">
      <div className="drawer-head">
        <h2 id="cart-title">Your cart</h2>
        <button ref={close} className="icon-button" type="button" aria-label="Close cart" onClick={onClose}>
          ✕
        </button>
      </div>
      <ul className="lines" aria-label="Items in your cart">
        {cart.lines.length === 0 && <li className="empty">Your cart is empty. Tap Buy now in the show.</li>}
        {cart.lines.map((line) => (
          <li className="line" key={line.id}>
            <img alt="" src={line.imageUrl ? new URL(line.imageUrl, server).href : undefined} />
            <span className="title">{line.title}</span>
            <span className="total">
              {formatPrice({ ...line.price, amount: line.price.amount * line.quantity }, 'en-US')}
            </span>
            <span className="meta">Qty {line.quantity}</span>
            <button
              className="remove"
              type="button"
              aria-label={`Remove ${line.title}`}
              onClick={() => cart.remove(line)}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <div className="drawer-foot">
        <p className="subtotal">
          <span>Subtotal</span>
          <span data-testid="subtotal">{subtotal(cart.lines)}</span>
        </p>
        <button
          className="checkout"
          type="button"
          disabled={cart.count === 0}
          onClick={() => setNote('This is where your own checkout would start.')}
        >
          Checkout
        </button>
        <p className="checkout-note" role="status">
          {note}
        </p>
      </div>
    </aside>
  );
}
