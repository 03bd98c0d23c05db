/** The benchmark's libp2p protocol on which the provider process sends slot 0 as plain bytes. */
export const RAW_SLOT_PROTOCOL = '/slotkeeper/bench/raw-slot/1.0.0';
