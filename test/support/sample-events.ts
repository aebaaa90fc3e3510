/** Payloads for the virtual-time harness's `send`, so tests say what happens, not how an event is spelled. */
export const orderOf = (productId = 'p', price = 1, currency = 'EUR', orderId = 'o') => ({
  orderId,
  total: price,
  currency,
  items: [{ productId, quantity: 1, price }],
});

export const cartAddOf = (itemCount = 1, productId = 'sku-1') => ({
  cartId: 'cart-1',
  productId,
  quantity: 1,
  itemCount,
});
