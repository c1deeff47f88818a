# media/: our own assets (CC BY 4.0, see media/README), installed into
# $(pkgdatadir)/media, where Makefile.am's -DPACKTER_MEDIADIR points; the
# programs fall back to $(abs_top_srcdir)/media when run from the tree.
# media/make-media.py makes the generated files again; check-media.sh checks
# them on `make check`.

mediadir = $(pkgdatadir)/media
dist_media_DATA = \
	media/README media/alarm.conf media/demo.pcap \
	media/ball.png media/board.png media/sky.png media/sky-alarm.png \
	media/tc-started.png media/tc-accepted.png media/tc-found.png \
	media/tc-notfound.png media/tc-error.png \
	media/alarm-syn.png media/alarm-fin.png media/alarm-rst.png \
	media/alarm-icmp.png media/alarm-udp.png media/alarm-rate.png \
	media/packter.jpg media/world.png \
	media/beep.wav media/alarm.wav media/success.wav media/failure.wav \
	media/music.wav \
	media/male.png media/female.png media/Detection.wav \
	media/Traceback.wav media/Success.wav media/Failed.wav \
	media/texture1.bmp media/texture2.bmp \
	media/se0.wav media/se1.wav media/se2.wav media/se3.wav media/se4.wav \
	media/se5.wav media/se6.wav media/se7.wav media/se8.wav media/se9.wav

# Models for flags of 10 and more: models/flag-<N>.obj + models/flag-<N>.png.
mediamodelsdir = $(pkgdatadir)/media/models
dist_mediamodels_DATA = media/models/flag-10.obj media/models/flag-10.png

EXTRA_DIST += media/make-media.py media/check-media.sh
TESTS += media/check-media.sh
