import { Injectable } from '@nestjs/common';

/** Server time: the `now` deciders get and the `serverTime` every event records. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
