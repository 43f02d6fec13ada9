import { useEffect, useState } from 'react';
import type { PublicSigningJwk } from '../../../../../shared/src/model.js';
import { jwkThumbprint } from '../../../api/signing-key.js';

/** A key's RFC 7638 thumbprint, computed here (WebCrypto is asynchronous); null until it is. */
export function useThumbprint(jwk: PublicSigningJwk | null): string | null {
  const json = jwk ? JSON.stringify(jwk) : null;
  const [thumbprint, setThumbprint] = useState<{ of: string; value: string } | null>(null);
  useEffect(() => {
    if (!json) return;
    let current = true;
    void jwkThumbprint(JSON.parse(json) as PublicSigningJwk).then((value) => {
      if (current) setThumbprint({ of: json, value });
    });
    return () => {
      current = false;
    };
  }, [json]);
  return thumbprint && thumbprint.of === json ? thumbprint.value : null;
}
