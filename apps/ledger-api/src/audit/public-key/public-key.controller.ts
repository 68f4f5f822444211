import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Jwks } from '@ledger/ledger-proofs';
import { Public } from '../../identity/index.js';
import { NotaryKeyring } from '../../notary/notary-keyring.js';

/** The notary's public key: what `npm run audit -- verify --jwks` and receipt holders check signatures with. */
@ApiTags('audit')
@Controller('v1/audit/public-key')
export class PublicKeyController {
  constructor(private readonly keyring: NotaryKeyring) {}

  // Public on purpose: a verification key is no secret, and anyone holding a consent receipt must be able to check it.
  @Get()
  @Public()
  @ApiOkResponse({
    description: 'JWKS of the Ed25519 key that signs checkpoints and consent receipts',
    schema: {
      example: {
        keys: [
          { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo', kid: 'kPrK…', alg: 'EdDSA', use: 'sig' },
        ],
      },
    },
  })
  jwks(): Jwks {
    return this.keyring.jwks();
  }
}
