import { createContext } from 'react';
import { pageKeyStore, type KeyStore } from '../../../api/key-store.js';

/** Where the room keeps signing keys: the page's IndexedDB store, or one a test hands in. */
export const KeyStoreContext = createContext<() => Promise<KeyStore>>(pageKeyStore);
