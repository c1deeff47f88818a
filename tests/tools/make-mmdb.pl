#!/usr/bin/perl
# make-mmdb.pl - a tiny MaxMind-format city database for the globe's tests.
#
#     perl tests/tools/make-mmdb.pl PLACES OUT.mmdb
#
# PLACES is tests/data/geo/places.txt: "NETWORK LAT LON NAME" a line, "-"
# for a network with a city but no location.  Written with Debian's
# libmaxmind-db-writer-perl as GeoLite2-City lays its records out
# (location/latitude, location/longitude, city/names/en), IPv6 with the
# IPv4 space mapped, the documentation ranges kept (the writer drops
# reserved networks unless told not to).
use strict;
use warnings;

use MaxMind::DB::Writer::Tree;

die "usage: make-mmdb.pl PLACES OUT.mmdb\n" unless @ARGV == 2;
my ($places, $out) = @ARGV;

my %types = (
	city      => 'map',
	names     => 'map',
	en        => 'utf8_string',
	location  => 'map',
	latitude  => 'double',
	longitude => 'double',
);

my $tree = MaxMind::DB::Writer::Tree->new(
	ip_version               => 6,
	record_size              => 24,
	database_type            => 'PACKTER-Test-City',
	languages                => ['en'],
	description              => { en => 'PACKTER test places' },
	map_key_type_callback    => sub { $types{ $_[0] } },
	remove_reserved_networks => 0,
	alias_ipv6_to_ipv4       => 1,
);

open(my $in, '<', $places) or die "$places: $!\n";
my $n = 0;
while (my $line = <$in>) {
	next if $line =~ /^\s*(#|$)/;
	my ($net, $lat, $lon, $name) = split(' ', $line);
	die "$places:$.: want NETWORK LAT LON NAME\n" unless defined $name;
	my %rec = (city => { names => { en => $name } });
	$rec{location} = { latitude => $lat + 0.0, longitude => $lon + 0.0 }
	    if $lat ne '-';
	$tree->insert_network($net, \%rec);
	$n++;
}
close($in);

open(my $fh, '>:raw', $out) or die "$out: $!\n";
$tree->write_tree($fh);
close($fh) or die "$out: $!\n";
print STDERR "make-mmdb.pl: $n networks in $out\n";
