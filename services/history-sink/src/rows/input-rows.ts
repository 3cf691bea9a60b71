import type { TableRows } from '@loyalty/clickhouse';
import type {
  CampaignResponseEvent,
  ComplaintEvent,
  InputEvent,
  PurchaseEvent,
  WalletEstimateEvent,
} from '@loyalty/contracts';

// Rows of the input events. `at` is the event time already converted by eventDateTime.

function purchaseRows(event: PurchaseEvent, at: string): TableRows {
  const sign = event.kind === 'sale' ? 1 : -1;
  return {
    purchases: [
      {
        event_id: event.eventId,
        customer_id: event.customerId,
        occurred_at: at,
        source: event.source,
        order_id: event.orderId,
        kind: event.kind,
        return_of_order_id: event.kind === 'return' ? event.returnOfOrderId : null,
        channel: event.channel,
        store_id: event.storeId ?? null,
        currency: event.currency,
        total_minor: event.totalMinor,
        discount_minor: event.discountMinor,
        net_minor: sign * event.totalMinor,
        line_count: event.lines.length,
      },
    ],
    purchase_lines: event.lines.map((line, i) => ({
      event_id: event.eventId,
      customer_id: event.customerId,
      occurred_at: at,
      order_id: event.orderId,
      kind: event.kind,
      line_no: i,
      sku: line.sku,
      category: line.category,
      quantity: line.quantity,
      unit_price_minor: line.unitPriceMinor,
    })),
  };
}

function complaintRows(event: ComplaintEvent, at: string): TableRows {
  return {
    complaints: [
      {
        event_id: event.eventId,
        customer_id: event.customerId,
        occurred_at: at,
        source: event.source,
        complaint_id: event.complaintId,
        status: event.status,
        dimension: event.dimension,
        severity: event.severity,
        order_id: event.orderId ?? null,
        satisfaction: event.status === 'resolved' ? event.satisfaction : null,
      },
    ],
  };
}

function campaignResponseRows(event: CampaignResponseEvent, at: string): TableRows {
  return {
    campaign_responses: [
      {
        event_id: event.eventId,
        customer_id: event.customerId,
        occurred_at: at,
        source: event.source,
        campaign_id: event.campaignId,
        channel: event.channel,
        response: event.response,
        offer_id: event.offerId ?? null,
        revenue_minor: event.response === 'converted' ? (event.revenueMinor ?? null) : null,
        referred_customer_id: event.response === 'referred' ? event.referredCustomerId : null,
        control_group: event.controlGroup === undefined ? null : event.controlGroup ? 1 : 0,
      },
    ],
  };
}

function walletEstimateRows(event: WalletEstimateEvent, at: string): TableRows {
  return {
    wallet_estimates: [
      {
        event_id: event.eventId,
        customer_id: event.customerId,
        occurred_at: at,
        source: event.source,
        currency: event.currency,
        wallet_minor: event.walletMinor,
        method: event.method,
        segment_id: event.segmentId ?? null,
      },
    ],
  };
}

/** The rows of one validated input event. */
export function inputRows(event: InputEvent, at: string): TableRows {
  switch (event.type) {
    case 'purchase':
      return purchaseRows(event, at);
    case 'complaint':
      return complaintRows(event, at);
    case 'campaign-response':
      return campaignResponseRows(event, at);
    case 'wallet-estimate':
      return walletEstimateRows(event, at);
  }
}
