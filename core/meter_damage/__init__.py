"""meter_damage: Azərişıq meter-damage applications (seed 002)"""
