import { Injectable } from '@nestjs/common';
import type { Availability, Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma.service';

export type AvailabilityData = Omit<Prisma.AvailabilityUncheckedCreateInput, 'businessId' | 'updatedAt'>;

/** A business's opening hours and booking limits: one row, or none when it never set them. */
@Injectable()
export class AvailabilityRepository {
  constructor(private readonly prisma: PrismaService) {}

  find(businessId: string): Promise<Availability | null> {
    return this.prisma.availability.findUnique({ where: { businessId } });
  }

  /** Replaces them whole (PUT). */
  put(businessId: string, data: AvailabilityData): Promise<Availability> {
    return this.prisma.availability.upsert({
      where: { businessId },
      create: { businessId, ...data },
      update: data,
    });
  }
}
